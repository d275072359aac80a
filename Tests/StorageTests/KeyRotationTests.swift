import Domain
import Foundation
import Logging
import SQLKit
import Storage
import TestSupport
import Testing

@Suite struct KeyRotationTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000)
    let old = try! DataKey(id: "k1", bytes: Array(repeating: 1, count: 32))
    let new = try! DataKey(id: "k2", bytes: Array(repeating: 2, count: 32))
    let index: [UInt8] = Array(repeating: 9, count: 32)

    /// Writes one value into every sealed column under `old` (plus one registry row in clear,
    /// as written before encryption), rotates to `new` in batches of two, and reads everything
    /// back with only `new`.
    @Test(arguments: TestEngine.allCases)
    func rotationReencryptsEveryColumnUnderTheNewKey(engine: TestEngine) async throws {
        let url = try await TestDatabase.makeURL(engine)
        let now = self.now
        let before = try await DatabaseURL(url).open(
            cipher: FieldCipher(keys: [old], indexKey: index), logger: TestDatabase.logger)
        try await Migrator(database: before).migrate(now: Date())
        try await before.transaction { connection in
            for index in 0..<3 {
                let account = "acct\(index)"
                _ = try await AccountStore(connection).insertPending(
                    id: account, email: try EmailAddress("p\(index)@contoh.id"), locale: .indonesian,
                    codeNonce: "n", now: now)
                _ = try await ProfileStore(connection).insert(
                    accountID: account, nikHash: "nik\(index)", kkHash: "kk", details: "{\"name\":\"Person \(index)\"}",
                    now: now)
                try await PhoneVerificationStore(connection).start(
                    accountID: account, phone: "+62812000000\(index)", phoneHash: "ph\(index)", nonce: "n",
                    resendCount: 0, now: now)
                try await OutboxStore(connection).enqueue(kind: "email", payload: "payload \(index)", now: now)
                try await MailboxStore(connection).insert(
                    StoredMail(to: "p\(index)@contoh.id", subject: "s", text: "t", html: "h", sentAt: now))
                _ = try await OperatorStore(connection).insert(
                    id: "op\(index)", username: "op\(index)", passwordHash: "h", totpSecret: [UInt8(index)],
                    roles: [.support], now: now)
                try await SMSBoxStore(connection).insert(
                    StoredSMS(to: "+62812000000\(index)", body: "kode \(index)", sentAt: now))
                _ = try await WaveStore(connection).insert(
                    Wave(
                        id: "w\(index)", number: index + 1, schemeCode: "2023", schemeVersion: 1, opensAt: now,
                        closesAt: now.addingTimeInterval(60), totalQuota: 1, reservedQuota: 0, groupQuotas: ["32": 1],
                        commitment: "c", publicSource: "p"), seed: [UInt8](repeating: UInt8(index), count: 32), now: now
                )
                try await PartnerStore(connection).insert(
                    Partner(
                        id: "partner\(index)", kind: .platform, name: "P\(index)", legalName: "PT P\(index)",
                        contactEmail: "p@contoh.id", documents: ["akta"], status: .approved, clientCode: "prk_\(index)"),
                    now: now)
                try await PartnerStore(connection).addKey(
                    id: "key\(index)", partnerID: "partner\(index)", secret: "secret \(index)", retireOthersAt: now,
                    now: now)
            }
            try await RegistryRecordStore(connection).upsert([("reg1", "record one"), ("reg2", "record two")])
            try await connection.sql.raw(
                "INSERT INTO registry_records (nik_hash, record) VALUES ('reg0', 'record in clear')"
            ).run()
            // An account from before the email was sealed: address in clear, no lookup hash.
            try await connection.sql.raw(
                """
                INSERT INTO accounts (id, email, locale, stage, created_at, code_nonce, code_issued_at)
                VALUES ('legacy', 'lama@contoh.id', 'id', 'registered', 0, 'n', 0)
                """
            ).run()
        }
        await before.close()

        let during = try await DatabaseURL(url).open(
            cipher: FieldCipher(keys: [new, old], indexKey: index), logger: TestDatabase.logger)
        // Before the rotation the old account is found by its address in clear.
        let legacy = try await during.read {
            try await AccountStore($0).find(email: try EmailAddress("lama@contoh.id"))
        }
        #expect(legacy?.id == "legacy")
        let report = try await KeyRotation(database: during, batchSize: 2).run()
        #expect(
            Dictionary(uniqueKeysWithValues: report.map { ($0.column, $0.reencrypted) }) == [
                .profileDetails: 3, .phoneNumber: 3, .registryRecord: 3, .outboxPayload: 3, .smsRecipient: 3,
                .smsBody: 3, .operatorTOTPSecret: 3, .accountEmail: 4, .mailRecipient: 3, .mailSubject: 3,
                .mailText: 3, .mailHTML: 3, .waveSeed: 3, .partnerKeySecret: 3,
            ])
        let census = try await KeyRotation(database: during).census()
        // Every sealed column is counted and holds values, so the check below cannot pass on an
        // empty census.
        #expect(Set(census.map(\.column)) == Set(report.map(\.column)))
        for (column, keys) in census {
            #expect(keys.values.reduce(0, +) > 0, "\(column)")
            #expect(Set(keys.keys) == ["k2"], "\(column)")
        }
        // Nothing left to do the second time.
        #expect(try await KeyRotation(database: during).run().allSatisfy { $0.reencrypted == 0 })
        await during.close()

        let after = try await DatabaseURL(url).open(
            cipher: FieldCipher(keys: [new], indexKey: index), logger: TestDatabase.logger)
        let read = try await after.transaction { connection in
            (
                try await ProfileStore(connection).find(accountID: "acct1")?.details,
                try await PhoneVerificationStore(connection).find(accountID: "acct2")?.phone,
                try await RegistryRecordStore(connection).find(nikHash: "reg0"),
                try await RegistryRecordStore(connection).find(nikHash: "reg2"),
                try await OutboxStore(connection).claim(limit: 10, now: now, lease: 60, worker: "w").map(\.payload),
                try await SMSBoxStore(connection).list(to: "+628120000000", limit: 10).map(\.body),
                try await OperatorStore(connection).find(id: "op2")?.totpSecret,
                try await AccountStore(connection).find(email: try EmailAddress("lama@contoh.id"))?.id,
                try await AccountStore(connection).find(email: try EmailAddress("p1@contoh.id"))?.id,
                try await MailboxStore(connection).list(to: "p2@contoh.id", limit: 5).map(\.to)
            )
        }
        let partnerKeys = try await after.read {
            try await PartnerStore($0).activeKeys(partnerID: "partner1", now: now)
        }
        await after.close()
        #expect(partnerKeys.map(\.secret) == ["secret 1"])
        #expect(read.0 == "{\"name\":\"Person 1\"}")
        #expect(read.1 == "+628120000002")
        #expect(read.2 == "record in clear")
        #expect(read.3 == "record two")
        #expect(read.4 == ["payload 0", "payload 1", "payload 2"])
        #expect(read.5 == ["kode 0"])
        #expect(read.6 == [2])
        // The address sealed by the rotation got its lookup hash: still found by email.
        #expect(read.7 == "legacy")
        #expect(read.8 == "acct1")
        #expect(read.9 == ["p2@contoh.id"])
    }
}
