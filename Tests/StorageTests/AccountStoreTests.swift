import Domain
import Foundation
import Storage
import TestSupport
import Testing

@Suite struct AccountStoreTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000)

    @Test(arguments: TestEngine.allCases)
    func insertsOncePerEmail(engine: TestEngine) async throws {
        let email = try EmailAddress("budi@contoh.co.id")
        let now = self.now
        try await TestDatabase.with(engine) { database in
            let first = try await database.transaction {
                try await AccountStore($0).insertPending(
                    id: "a1", email: email, locale: .english, codeNonce: "n1", now: now)
            }
            let second = try await database.transaction {
                try await AccountStore($0).insertPending(
                    id: "a2", email: email, locale: .indonesian, codeNonce: "n2", now: now)
            }
            #expect(first)
            #expect(!second)
            let account = try #require(try await database.read { try await AccountStore($0).find(email: email) })
            #expect(account.id == "a1")
            #expect(account.locale == .english)
            #expect(account.stage == .registered)
            #expect(account.codeNonce == "n1")
            #expect(account.code == CodeState(issuedAt: now))
            #expect(!account.isEmailVerified)
            #expect(try await database.read { try await AccountStore($0).find(id: "a2") } == nil)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func codeAttemptsStopAtTheLimitAndFollowTheNonce(engine: TestEngine) async throws {
        let email = try EmailAddress("siti@contoh.co.id")
        let now = self.now
        try await TestDatabase.with(engine) { database in
            _ = try await database.transaction {
                try await AccountStore($0).insertPending(
                    id: "s1", email: email, locale: .indonesian, codeNonce: "n1", now: now)
            }
            var granted: [Bool] = []
            for _ in 0..<7 {
                granted.append(
                    try await database.transaction {
                        try await AccountStore($0).reserveCodeAttempt(id: "s1", nonce: "n1", maxAttempts: 5)
                    })
            }
            #expect(granted == [true, true, true, true, true, false, false])
            #expect(
                try await database.transaction {
                    try await AccountStore($0).reserveCodeAttempt(id: "s1", nonce: "old", maxAttempts: 5)
                } == false)

            try await database.transaction {
                try await AccountStore($0).recordResend(
                    id: "s1", newNonce: "n2", resendCount: 1, now: now.addingTimeInterval(60))
            }
            let renewed = try #require(try await database.read { try await AccountStore($0).find(id: "s1") })
            #expect(renewed.codeNonce == "n2")
            #expect(
                renewed.code
                    == CodeState(
                        issuedAt: now.addingTimeInterval(60), attempts: 0, resendCount: 1,
                        lastResendAt: now.addingTimeInterval(60)))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func verificationNeedsTheCurrentNonceAndHappensOnce(engine: TestEngine) async throws {
        let email = try EmailAddress("agus@contoh.co.id")
        let now = self.now
        try await TestDatabase.with(engine) { database in
            _ = try await database.transaction {
                try await AccountStore($0).insertPending(
                    id: "g1", email: email, locale: .indonesian, codeNonce: "n1", now: now)
            }
            let stale = try await database.transaction {
                try await AccountStore($0).markEmailVerified(id: "g1", nonce: "n0", passwordHash: "h", now: now)
            }
            let fresh = try await database.transaction {
                try await AccountStore($0).markEmailVerified(id: "g1", nonce: "n1", passwordHash: "h", now: now)
            }
            let again = try await database.transaction {
                try await AccountStore($0).markEmailVerified(id: "g1", nonce: "n1", passwordHash: "other", now: now)
            }
            #expect([stale, fresh, again] == [false, true, false])
            let account = try #require(try await database.read { try await AccountStore($0).find(id: "g1") })
            #expect(account.stage == .emailVerified)
            #expect(account.passwordHash == "h")
            #expect(account.emailVerifiedAt == now)
        }
    }
}
