import Application
import Domain
import Foundation
import Storage
import TestSupport
import Testing

@Suite struct LoginTests {
    static let email = "budi@contoh.co.id"
    static let password = "kucing-hitam-9"

    func verifiedAccount(_ harness: Harness) async throws -> IssuedSession {
        try await harness.accounts.register(email: Self.email, locale: .indonesian)
        try await harness.deliver()
        return try await harness.accounts.verifyEmail(
            email: Self.email, code: try harness.latestCode(to: Self.email), password: Self.password)
    }

    @Test(arguments: TestEngine.allCases)
    func passwordThenEmailedCodeOpensASession(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            _ = try await verifiedAccount(harness)
            let challenge = try await harness.accounts.startLogin(email: Self.email, password: Self.password)
            try await harness.deliver()
            let mail = try #require(harness.transport.sent.last)
            #expect(mail.subject.hasPrefix("Kode masuk Prakerja"))
            let session = try await harness.accounts.completeLogin(
                challenge: challenge, code: try harness.latestCode(to: Self.email))
            #expect(session.account.email == Self.email)
            #expect(try await harness.accounts.account(forToken: session.token) != nil)
            // A challenge works once.
            await #expect(throws: AccountError.invalidCode) {
                try await harness.accounts.completeLogin(
                    challenge: challenge, code: try harness.latestCode(to: Self.email))
            }
        }
    }

    @Test(arguments: TestEngine.allCases)
    func wrongPasswordAndUnknownEmailLookAlike(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            _ = try await verifiedAccount(harness)
            let sentBefore = harness.transport.sent.count
            let wrong = try await harness.accounts.startLogin(email: Self.email, password: "not-the-password")
            let unknown = try await harness.accounts.startLogin(email: "nobody@contoh.co.id", password: Self.password)
            let malformed = try await harness.accounts.startLogin(email: "not an email", password: Self.password)
            try await harness.deliver()
            #expect(harness.transport.sent.count == sentBefore)
            #expect(Set([wrong.count, unknown.count, malformed.count]).count == 1)
            for challenge in [wrong, unknown, malformed] {
                await #expect(throws: AccountError.invalidCode) {
                    try await harness.accounts.completeLogin(challenge: challenge, code: "123456")
                }
            }
        }
    }

    @Test(arguments: TestEngine.allCases)
    func loginCodesAllowFiveGuessesAndExpire(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            _ = try await verifiedAccount(harness)
            let challenge = try await harness.accounts.startLogin(email: Self.email, password: Self.password)
            try await harness.deliver()
            let code = try harness.latestCode(to: Self.email)
            let wrong = code == "000000" ? "111111" : "000000"
            for _ in 0..<5 {
                await #expect(throws: AccountError.invalidCode) {
                    try await harness.accounts.completeLogin(challenge: challenge, code: wrong)
                }
            }
            await #expect(throws: AccountError.tooManyAttempts) {
                try await harness.accounts.completeLogin(challenge: challenge, code: code)
            }
            let second = try await harness.accounts.startLogin(email: Self.email, password: Self.password)
            try await harness.deliver()
            harness.clock.advance(by: 10 * 60)
            await #expect(throws: AccountError.codeExpired) {
                try await harness.accounts.completeLogin(
                    challenge: second, code: try harness.latestCode(to: Self.email))
            }
        }
    }

    @Test(arguments: TestEngine.allCases)
    func sessionsEndOnLogoutAndExpire(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            let session = try await verifiedAccount(harness)
            try await harness.accounts.logout(token: session.token)
            #expect(try await harness.accounts.account(forToken: session.token) == nil)
            let challenge = try await harness.accounts.startLogin(email: Self.email, password: Self.password)
            try await harness.deliver()
            let second = try await harness.accounts.completeLogin(
                challenge: challenge, code: try harness.latestCode(to: Self.email))
            harness.clock.advance(by: 24 * 60 * 60)
            #expect(try await harness.accounts.account(forToken: second.token) == nil)
        }
    }
}
