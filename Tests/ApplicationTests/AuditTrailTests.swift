import Application
import Domain
import Foundation
import SQLKit
import Storage
import TestSupport
import Testing

@Suite struct AuditTrailTests {
    /// Five entries: two failed logins, a lockout, a rotation, a success.
    func fill(_ audit: AuditTrail) async throws {
        try await audit.record(.loginFailed, actor: audit.client("10.0.0.1"), subject: "applicant:a1")
        try await audit.record(.loginFailed, actor: audit.client("10.0.0.1"), subject: "applicant:a1")
        try await audit.record(.rateLimited, actor: audit.client("10.0.0.1"), details: ["rule": "secret-checks"])
        try await audit.record(.keyRotation, actor: .commandLine, subject: "k2", details: ["reencrypted": "12"])
        try await audit.record(.loginSucceeded, actor: .applicant("a1"))
    }

    /// The append-only triggers stand between the platform and its own log; an attacker with
    /// the database's owner rights can drop them, which is what the chain is for.
    func dropAppendOnlyGuards(_ connection: StorageConnection) async throws {
        switch connection.dialect.engine {
        case .sqlite:
            try await connection.sql.raw("DROP TRIGGER audit_log_no_update").run()
            try await connection.sql.raw("DROP TRIGGER audit_log_no_delete").run()
        case .postgres:
            try await connection.sql.raw("DROP TRIGGER audit_log_append_only ON audit_log").run()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func anIntactChainVerifies(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            let empty = try await harness.audit.verify()
            #expect(empty.problem == nil && empty.entries == 0)
            try await fill(harness.audit)
            let result = try await harness.audit.verify(batchSize: 2)
            #expect(result.problem == nil)
            #expect(result.entries == 5)
            let entries = try await database.read { try await AuditLogStore($0).entries(after: 0, limit: 10) }
            #expect(
                entries.map(\.event) == [
                    "login.failed", "login.failed", "rate_limit.exceeded", "keys.rotated", "login.succeeded",
                ])
            #expect(entries[0].actor.hasPrefix("client:") && !entries[0].actor.contains("10.0.0.1"))
            #expect(entries[4].previousHash == entries[3].hash)
            #expect(result.headHash == entries[4].hash)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func thePlatformCannotEditOrDeleteEntries(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            try await fill(harness.audit)
            await #expect(throws: (any Error).self) {
                try await database.transaction { try await $0.sql.raw("UPDATE audit_log SET actor = 'x'").run() }
            }
            await #expect(throws: (any Error).self) {
                try await database.transaction { try await $0.sql.raw("DELETE FROM audit_log WHERE seq = 2").run() }
            }
            #expect(try await harness.audit.verify().problem == nil)
        }
    }

    @Test(arguments: TestEngine.allCases, ["edit", "delete-middle", "delete-tail", "forge-entry"])
    func anyTamperingIsFound(engine: TestEngine, tampering: String) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            try await fill(harness.audit)
            try await database.transaction { connection in
                try await dropAppendOnlyGuards(connection)
                switch tampering {
                case "edit":
                    try await connection.sql.raw("UPDATE audit_log SET subject = 'applicant:a9' WHERE seq = 2").run()
                case "delete-middle":
                    try await connection.sql.raw("DELETE FROM audit_log WHERE seq = 3").run()
                case "delete-tail":
                    try await connection.sql.raw("DELETE FROM audit_log WHERE seq = 5").run()
                default:
                    // A new entry appended with a hash made without the key.
                    try await connection.sql.raw(
                        """
                        INSERT INTO audit_log (seq, at, event, actor, subject, details, previous_hash, hash)
                        SELECT 6, at, 'login.succeeded', 'applicant:a9', '', '{}', hash, 'ff' FROM audit_log WHERE seq = 5
                        """
                    ).run()
                    try await connection.sql.raw("UPDATE audit_head SET seq = 6, hash = 'ff'").run()
                }
            }
            let result = try await harness.audit.verify()
            let expected: Int64 =
                switch tampering {
                case "edit": 2
                case "delete-middle": 3
                case "delete-tail": 5
                default: 6
                }
            #expect(result.problem?.seq == expected, "\(result.problem?.reason ?? "no problem found")")
        }
    }

    /// Cutting the newest entries and rewriting the head passes every check of the chain
    /// itself; a head written down earlier catches it.
    @Test(arguments: TestEngine.allCases)
    func aCutTailIsFoundAgainstAnEarlierHead(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            try await fill(harness.audit)
            let checkpoint = try await harness.audit.verify().headHash
            #expect(try await harness.audit.verify(expecting: checkpoint).problem == nil)
            try await database.transaction { connection in
                try await dropAppendOnlyGuards(connection)
                try await connection.sql.raw("DELETE FROM audit_log WHERE seq >= 4").run()
                try await connection.sql.raw(
                    "UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit_log WHERE seq = 3) WHERE id = 1"
                ).run()
            }
            #expect(try await harness.audit.verify().problem == nil, "the cut chain is consistent in itself")
            let result = try await harness.audit.verify(expecting: checkpoint)
            #expect(result.problem?.reason.contains("not in the chain") == true)
            // Entries appended later do not hide the cut either.
            try await harness.audit.record(.loginSucceeded, actor: .applicant("a2"))
            #expect(try await harness.audit.verify(expecting: checkpoint).problem != nil)
        }
    }

    /// The periodic checkpoint goes to the log and the auditors' mail; held outside the
    /// database, it catches a cut, and a checkpoint nobody signed is refused.
    @Test(arguments: TestEngine.allCases)
    func aSignedCheckpointMailedToAuditorsCatchesACut(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let auditor = try EmailAddress("auditor@bpk.go.id")
            let harness = Harness(database: database, auditors: [auditor])
            try await fill(harness.audit)
            try await harness.services.checkpoints.publishIfDue()
            // Not due again within the hour, and an unchanged head is not mailed twice.
            try await harness.services.checkpoints.publishIfDue()
            try await harness.services.checkpoints.publish()
            try await harness.deliver()
            let mails = harness.transport.sent.filter { $0.to == auditor.value }
            #expect(mails.count == 1)
            let mail = try #require(mails.first)
            let line = try #require(
                mail.text.split(separator: "\n").first { $0.hasPrefix("prakerja-audit-checkpoint/1 ") })
            let checkpoint = try #require(AuditCheckpoint(line: String(line)))
            #expect(checkpoint.seq == 5)
            #expect(mail.text.contains(harness.audit.signer.publicKey))
            #expect(try await harness.audit.verify(expecting: String(line)).problem == nil)

            let forged = line.replacingOccurrences(of: "seq=5", with: "seq=4")
            #expect(try await harness.audit.verify(expecting: forged).problem?.reason.contains("not signed") == true)

            try await database.transaction { connection in
                try await dropAppendOnlyGuards(connection)
                try await connection.sql.raw("DELETE FROM audit_log WHERE seq >= 4").run()
                try await connection.sql.raw(
                    "UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit_log WHERE seq = 3) WHERE id = 1"
                ).run()
            }
            try await harness.audit.record(.loginSucceeded, actor: .applicant("a2"))
            try await harness.audit.record(.loginSucceeded, actor: .applicant("a2"))
            #expect(try await harness.audit.verify().problem == nil, "the cut chain is consistent in itself")
            let result = try await harness.audit.verify(expecting: String(line))
            #expect(result.problem?.seq == 5, "\(result.problem?.reason ?? "no problem found")")
        }
    }

    @Test(arguments: TestEngine.allCases)
    func securityEventsOfTheJourneyAreRecorded(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            try await harness.accounts.register(email: "sari@contoh.id", locale: .indonesian)
            try await harness.deliver()
            await #expect(throws: AccountError.invalidCode) {
                _ = try await harness.accounts.verifyEmail(
                    email: "sari@contoh.id", code: "000000", password: "kucing-hitam-9", client: "10.1.1.1")
            }
            _ = try await harness.accounts.verifyEmail(
                email: "sari@contoh.id", code: try harness.latestCode(to: "sari@contoh.id"),
                password: "kucing-hitam-9")
            _ = try? await harness.accounts.startLogin(email: "sari@contoh.id", password: "wrong password 1")
            let challenge = try await harness.accounts.startLogin(email: "sari@contoh.id", password: "kucing-hitam-9")
                .challenge
            try await harness.deliver()
            _ = try await harness.accounts.completeLogin(
                challenge: challenge, code: try harness.latestCode(to: "sari@contoh.id"))
            let events = try await database.read { try await AuditLogStore($0).entries(after: 0, limit: 10) }
            #expect(events.map(\.event) == ["email_code.failed", "login.failed", "login.succeeded"])
            // No email address in the log.
            #expect(!events.contains { "\($0.actor)\($0.subject)\($0.details)".contains("sari") })
            #expect(try await harness.audit.verify().problem == nil)
        }
    }

    @Test func lockoutsAreRecordedOncePerWindow() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let harness = Harness(database: database)
            let until = Date(timeIntervalSince1970: 1_780_000_060)
            for _ in 0..<5 {
                try await harness.audit.recordLockout(rule: "secret-checks", until: until, actor: .client("c1"))
            }
            try await harness.audit.recordLockout(rule: "secret-checks", until: until, actor: .client("c2"))
            let events = try await database.read { try await AuditLogStore($0).entries(after: 0, limit: 10) }
            #expect(events.map(\.actor) == ["client:c1", "client:c2"])
        }
    }
}
