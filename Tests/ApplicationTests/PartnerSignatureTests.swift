import Application
import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// Every partner request is signed; these are the ways a signature is right or refused.
@Suite struct PartnerSignatureTests {
    static func request(
        _ partner: Partner, key: String, timestamp: Date, method: String = "POST",
        path: String = "/api/partner/v1/purchases",
        body: String = #"{"card_number":"1"}"#
    ) -> PartnerService.SignedRequest {
        let stamp = String(Int64(timestamp.timeIntervalSince1970))
        let signature = PartnerService.sign(
            PartnerSignature.message(
                clientCode: partner.clientCode, timestamp: stamp, method: method, path: path, body: Array(body.utf8)),
            key: key)
        return PartnerService.SignedRequest(
            clientCode: partner.clientCode, timestamp: stamp, signature: signature, method: method, path: path,
            body: Array(body.utf8))
    }

    /// The worked example in PARTNERS.md, so the document cannot drift from the code.
    @Test func theDocumentedExampleSignsAsPublished() {
        let body =
            #"{"card_number":"9360 1234 5678 9012","course_id":"0192f7a4-5b6c-7d8e-9f00-112233445566","schedule_id":"0192f7a4-6c7d-7e8f-9a00-223344556677"}"#
        let message = PartnerSignature.message(
            clientCode: "demo-platform", timestamp: "1796104800", method: "POST", path: "/api/partner/v1/purchases",
            body: Array(body.utf8))
        #expect(
            PartnerService.sign(message, key: "3f1c9a0e5b7d2c4a6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f9011223344556")
                == "04abffa1ecb6b3840d006bbba375a59b27960f71ef185d719c858846238262d8")
    }

    @Test(arguments: TestEngine.allCases)
    func signaturesAreCheckedOverEverythingAndUsedOnce(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            let service = harness.services.partners
            let partners = try await MarketplaceFixture.partners(harness)
            let platform = partners.platform
            let now = harness.clock.now()

            let valid = Self.request(platform, key: partners.platformKey, timestamp: now)
            #expect(try await service.authenticate(valid).id == platform.id)
            await #expect(throws: PartnerAuthFailure.replayed) { try await service.authenticate(valid) }

            // Five minutes either way is accepted; a second later is not.
            let early = Self.request(platform, key: partners.platformKey, timestamp: now.addingTimeInterval(-300))
            #expect(try await service.authenticate(early).id == platform.id)
            let expired = Self.request(platform, key: partners.platformKey, timestamp: now.addingTimeInterval(-301))
            await #expect(throws: PartnerAuthFailure.timestampOutsideWindow) { try await service.authenticate(expired) }

            var tampered = Self.request(platform, key: partners.platformKey, timestamp: now.addingTimeInterval(1))
            tampered.body = Array(#"{"card_number":"2"}"#.utf8)
            await #expect(throws: PartnerAuthFailure.invalidSignature) { try await service.authenticate(tampered) }
            var otherPath = Self.request(platform, key: partners.platformKey, timestamp: now.addingTimeInterval(2))
            otherPath.path = "/api/partner/v1/purchases/x/void"
            await #expect(throws: PartnerAuthFailure.invalidSignature) { try await service.authenticate(otherPath) }
            var otherMethod = Self.request(platform, key: partners.platformKey, timestamp: now.addingTimeInterval(3))
            otherMethod.method = "GET"
            await #expect(throws: PartnerAuthFailure.invalidSignature) { try await service.authenticate(otherMethod) }

            // The provider's key does not sign for the platform.
            let wrongKey = Self.request(platform, key: partners.providerKey, timestamp: now.addingTimeInterval(4))
            await #expect(throws: PartnerAuthFailure.invalidSignature) { try await service.authenticate(wrongKey) }
            var unknown = Self.request(platform, key: partners.platformKey, timestamp: now.addingTimeInterval(5))
            unknown.clientCode = "prk_unknown"
            await #expect(throws: PartnerAuthFailure.unknownClient) { try await service.authenticate(unknown) }
            var missing = Self.request(platform, key: partners.platformKey, timestamp: now.addingTimeInterval(6))
            missing.signature = nil
            await #expect(throws: PartnerAuthFailure.missingCredentials) { try await service.authenticate(missing) }
            // Upper-case hex is the same signature (and so the same replay).
            var upper = Self.request(platform, key: partners.platformKey, timestamp: now.addingTimeInterval(7))
            upper.signature = upper.signature?.uppercased()
            #expect(try await service.authenticate(upper).id == platform.id)
            let lower = Self.request(platform, key: partners.platformKey, timestamp: now.addingTimeInterval(7))
            await #expect(throws: PartnerAuthFailure.replayed) { try await service.authenticate(lower) }
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aRotatedKeyKeepsWorkingForTheOverlapThenStops(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            let service = harness.services.partners
            let partners = try await MarketplaceFixture.partners(harness)
            let platform = partners.platform
            let rotated = try await service.issueKey(partnerID: platform.id, as: .localDeveloper)
            #expect(rotated.clientCode == platform.clientCode)
            #expect(rotated.signingKey != partners.platformKey)

            #expect(
                try await service.authenticate(
                    Self.request(platform, key: partners.platformKey, timestamp: harness.clock.now())
                ).id == platform.id)
            #expect(
                try await service.authenticate(
                    Self.request(platform, key: rotated.signingKey, timestamp: harness.clock.now())
                ).id == platform.id)
            harness.clock.advance(by: service.keyOverlap + 1)
            await #expect(throws: PartnerAuthFailure.invalidSignature) {
                try await service.authenticate(
                    Self.request(platform, key: partners.platformKey, timestamp: harness.clock.now()))
            }
            #expect(
                try await service.authenticate(
                    Self.request(platform, key: rotated.signingKey, timestamp: harness.clock.now())
                ).id == platform.id)

            // A suspended partner's correct signature is refused, with the reason recorded.
            try await service.suspend(partnerID: platform.id, reason: "Dokumen kedaluwarsa", as: .localDeveloper)
            await #expect(throws: PartnerAuthFailure.partnerNotActive) {
                try await service.authenticate(
                    Self.request(
                        platform, key: rotated.signingKey, timestamp: harness.clock.now().addingTimeInterval(1)))
            }
            #expect(try await service.partner(id: platform.id)?.statusReason == "Dokumen kedaluwarsa")
            await #expect(throws: PartnerService.Failure.reasonRequired) {
                try await service.suspend(partnerID: platform.id, reason: " ", as: .localDeveloper)
            }
            await #expect(throws: PartnerService.Failure.wrongStatus) {
                try await service.reject(partnerID: platform.id, reason: "x", as: .localDeveloper)
            }
            try await service.approve(partnerID: platform.id, as: .localDeveloper)
            #expect(
                try await service.authenticate(
                    Self.request(
                        platform, key: rotated.signingKey, timestamp: harness.clock.now().addingTimeInterval(2))
                )
                .id == platform.id)
        }
    }
}
