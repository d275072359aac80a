import Domain
import Foundation
import SQLKit
import Storage
import TestSupport
import Testing

@Suite struct FunnelCounterStoreTests {
    @Test(arguments: TestEngine.allCases)
    func countsAreExactUnderConcurrentIncrements(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            #expect(try await database.read { try await FunnelCounterStore($0).counts() }[.registered] == 0)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        try await database.transaction { connection in
                            try await FunnelCounterStore(connection).increment(.registered)
                            if index % 4 == 0 { try await FunnelCounterStore(connection).increment(.emailVerified) }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let counts = try await database.read { try await FunnelCounterStore($0).counts() }
            #expect(counts[.registered] == 100)
            #expect(counts[.emailVerified] == 25)
            #expect(counts[.selected] == 0)
            #expect(Set(counts.counts.keys) == Set(FunnelStage.allCases))
        }
    }
}

@Suite struct SessionStoreTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000)

    @Test(arguments: TestEngine.allCases)
    func sessionsExpireAndEnd(engine: TestEngine) async throws {
        let now = self.now
        try await TestDatabase.with(engine) { database in
            _ = try await database.transaction {
                try await AccountStore($0).insertPending(
                    id: "a1", email: try EmailAddress("a@contoh.id"), locale: .indonesian, codeNonce: "n", now: now)
            }
            try await database.transaction {
                try await SessionStore($0).insertSession(
                    tokenHash: "h1", accountID: "a1", now: now, expiresAt: now.addingTimeInterval(60))
            }
            #expect(
                try await database.read { try await SessionStore($0).accountID(forTokenHash: "h1", now: now) } == "a1")
            #expect(
                try await database.read {
                    try await SessionStore($0).accountID(forTokenHash: "h1", now: now.addingTimeInterval(60))
                } == nil)
            #expect(
                try await database.read { try await SessionStore($0).accountID(forTokenHash: "other", now: now) } == nil
            )
            try await database.transaction { try await SessionStore($0).deleteSession(tokenHash: "h1") }
            #expect(
                try await database.read { try await SessionStore($0).accountID(forTokenHash: "h1", now: now) } == nil)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func challengesCountAttemptsAndAreUsedOnce(engine: TestEngine) async throws {
        let now = self.now
        try await TestDatabase.with(engine) { database in
            _ = try await database.transaction {
                try await AccountStore($0).insertPending(
                    id: "a1", email: try EmailAddress("a@contoh.id"), locale: .indonesian, codeNonce: "n", now: now)
            }
            try await database.transaction {
                try await SessionStore($0).insertChallenge(id: "c1", accountID: "a1", now: now)
            }
            var granted: [Bool] = []
            for _ in 0..<3 {
                granted.append(
                    try await database.transaction {
                        try await SessionStore($0).reserveChallengeAttempt(id: "c1", maxAttempts: 2)
                    })
            }
            #expect(granted == [true, true, false])
            #expect(try await database.transaction { try await SessionStore($0).consumeChallenge(id: "c1", now: now) })
            #expect(
                try await database.transaction { try await SessionStore($0).consumeChallenge(id: "c1", now: now) }
                    == false)
            let challenge = try #require(try await database.read { try await SessionStore($0).challenge(id: "c1") })
            #expect(challenge.consumed)
            #expect(challenge.attempts == 2)
            #expect(challenge.accountID == "a1")
        }
    }
}

@Suite struct MailboxStoreTests {
    @Test(arguments: TestEngine.allCases)
    func listsNewestFirstPerRecipient(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            for (index, to) in ["a@x.id", "b@x.id", "a@x.id"].enumerated() {
                try await database.transaction {
                    try await MailboxStore($0).insert(
                        StoredMail(
                            to: to, subject: "s\(index)", text: "t", html: "h",
                            sentAt: Date(timeIntervalSince1970: Double(index))))
                }
            }
            let forA = try await database.read { try await MailboxStore($0).list(to: "a@x.id", limit: 10) }
            #expect(forA.map(\.subject) == ["s2", "s0"])
            let all = try await database.read { try await MailboxStore($0).list(to: nil, limit: 2) }
            #expect(all.map(\.subject) == ["s2", "s1"])
        }
    }

    /// The local mailbox holds live codes and links with the address: every part is sealed.
    @Test(arguments: TestEngine.allCases)
    func keepsEveryPartOfAMessageSealed(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await database.transaction {
                try await MailboxStore($0).insert(
                    StoredMail(
                        to: "rahasia@x.id", subject: "Kode 123456", text: "https://p.id/v?email=rahasia@x.id",
                        html: "<p>123456</p>", sentAt: Date(timeIntervalSince1970: 1)))
            }
            let row = try await database.read {
                try await $0.sql.raw("SELECT recipient, subject, text_body, html_body FROM dev_mailbox").first()
            }
            for column in ["recipient", "subject", "text_body", "html_body"] {
                let stored = try #require(try row?.decode(column: column, as: String.self))
                #expect(stored.hasPrefix("enc1:"), "\(column)")
                #expect(!stored.contains("123456") && !stored.contains("rahasia"), "\(column)")
            }
        }
    }
}
