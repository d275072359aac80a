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
            let challenge = try await harness.accounts.startLogin(email: Self.email, password: Self.password).challenge
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

    /// A wrong password, an unknown address and a malformed one get the same plain answer at
    /// the password step, and no email.
    @Test(arguments: TestEngine.allCases)
    func wrongPasswordAndUnknownEmailLookAlike(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            _ = try await verifiedAccount(harness)
            let sentBefore = harness.transport.sent.count
            for (email, password) in [
                (Self.email, "not-the-password"), ("nobody@contoh.co.id", Self.password),
                ("not an email", Self.password),
            ] {
                await #expect(throws: AccountError.invalidCredentials) {
                    _ = try await harness.accounts.startLogin(email: email, password: password)
                }
            }
            try await harness.deliver()
            #expect(harness.transport.sent.count == sentBefore)
        }
    }

    /// Wrong passwords from many places guard the account: past the limit the answer no
    /// longer says whether the password was right (a decoy challenge behaves like a real one),
    /// the owner is told by email, and the owner still gets in, with the right password and
    /// the emailed code, or from a device that signed in before, which gets plain answers.
    @Test(arguments: TestEngine.allCases)
    func guessesGuardTheAccountWithoutLockingTheOwnerOut(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            var limits = RateLimits()
            limits.loginFailuresPerEmail = RateLimitRule(name: "login_failures_per_email", limit: 3, window: 900)
            let harness = Harness(database: database, limits: limits)
            let owner = try await verifiedAccount(harness)
            for index in 0..<3 {
                await #expect(throws: AccountError.invalidCredentials) {
                    _ = try await harness.accounts.startLogin(
                        email: Self.email, password: "tebakan-\(index)", client: "10.9.0.\(index)")
                }
            }
            try await harness.deliver()
            let warning = try #require(harness.transport.sent.last)
            #expect(warning.to == Self.email)
            #expect(warning.subject == "Percobaan masuk yang gagal ke akun Prakerja Anda")
            #expect(warning.text.contains("3 percobaan"))

            let decoy = try await harness.accounts.startLogin(
                email: Self.email, password: "tebakan-lagi", client: "10.9.0.77")
            #expect(decoy.guarded)
            for _ in 0..<5 {
                await #expect(throws: AccountError.invalidCode) {
                    _ = try await harness.accounts.completeLogin(challenge: decoy.challenge, code: "123456")
                }
            }
            await #expect(throws: AccountError.tooManyAttempts) {
                _ = try await harness.accounts.completeLogin(challenge: decoy.challenge, code: "123456")
            }

            let sentBefore = harness.transport.sent.count
            let real = try await harness.accounts.startLogin(
                email: Self.email, password: Self.password, client: "10.8.0.1")
            #expect(real.guarded, "the right password looks the same as a wrong one from a new device")
            try await harness.deliver()
            #expect(harness.transport.sent.count == sentBefore + 1)
            let session = try await harness.accounts.completeLogin(
                challenge: real.challenge, code: try harness.latestCode(to: Self.email))
            #expect(session.account.id == owner.account.id)

            await #expect(throws: AccountError.invalidCredentials) {
                _ = try await harness.accounts.startLogin(
                    email: Self.email, password: "salah-ketik", device: owner.deviceToken)
            }
            let known = try await harness.accounts.startLogin(
                email: Self.email, password: Self.password, device: owner.deviceToken)
            #expect(!known.guarded)
            // A token altered by hand is not a known device.
            let forged = try await harness.accounts.startLogin(
                email: Self.email, password: Self.password, device: owner.deviceToken + "x")
            #expect(forged.guarded)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func loginCodesAllowFiveGuessesAndExpire(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            _ = try await verifiedAccount(harness)
            let challenge = try await harness.accounts.startLogin(email: Self.email, password: Self.password).challenge
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
            let second = try await harness.accounts.startLogin(email: Self.email, password: Self.password).challenge
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
            let challenge = try await harness.accounts.startLogin(email: Self.email, password: Self.password).challenge
            try await harness.deliver()
            let second = try await harness.accounts.completeLogin(
                challenge: challenge, code: try harness.latestCode(to: Self.email))
            harness.clock.advance(by: 24 * 60 * 60)
            #expect(try await harness.accounts.account(forToken: second.token) == nil)
        }
    }
}
