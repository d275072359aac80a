import Application
import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// Password recovery: the same answer for every address, an emailed code that expires and
/// allows five guesses, a new password under the usual rules, every session and pending
/// sign-in ended, the owner told.
@Suite struct PasswordResetTests {
    static let email = "lupa@contoh.co.id"

    func verifiedAccount(_ harness: Harness) async throws -> IssuedSession {
        try await harness.accounts.register(email: Self.email, locale: .indonesian)
        try await harness.deliver()
        return try await harness.accounts.verifyEmail(
            email: Self.email, code: try harness.latestCode(to: Self.email), password: "kucing-hitam-9")
    }

    @Test(arguments: TestEngine.allCases)
    func anEmailedCodeSetsANewPasswordAndEndsEverySession(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            let owner = try await verifiedAccount(harness)
            let pending = try await harness.accounts.startLogin(email: Self.email, password: "kucing-hitam-9")
            try await harness.deliver()
            let loginCode = try harness.latestCode(to: Self.email)

            let before = harness.transport.sent.count
            try await harness.accounts.requestPasswordReset(email: "tidak.ada@contoh.co.id")
            try await harness.deliver()
            #expect(harness.transport.sent.count == before, "an unknown address gets the same answer and no mail")

            try await harness.accounts.requestPasswordReset(email: "LUPA@contoh.co.id")
            try await harness.deliver()
            let mail = try #require(harness.transport.sent.last)
            #expect(mail.to == Self.email)
            #expect(mail.subject.hasPrefix("Kode untuk membuat kata sandi baru Prakerja"))
            let code = try harness.latestCode(to: Self.email)
            #expect(mail.text.contains("https://prakerja.test/lupa-sandi/baru?email=lupa%40contoh.co.id&code=\(code)"))
            let wrong = code == "000000" ? "111111" : "000000"

            await #expect(throws: AccountError.invalidPassword(.tooShort)) {
                try await harness.accounts.resetPassword(email: Self.email, code: code, newPassword: "pendek")
            }
            await #expect(throws: AccountError.invalidCode) {
                try await harness.accounts.resetPassword(email: Self.email, code: wrong, newPassword: "burung-biru-77")
            }
            try await harness.accounts.resetPassword(email: Self.email, code: code, newPassword: "burung-biru-77")
            #expect(try await harness.accounts.account(forToken: owner.token) == nil, "old sessions end")
            await #expect(throws: AccountError.self) {
                _ = try await harness.accounts.completeLogin(challenge: pending.challenge, code: loginCode)
            }
            await #expect(throws: AccountError.invalidCode) {
                try await harness.accounts.resetPassword(email: Self.email, code: code, newPassword: "ikan-merah-55")
            }
            try await harness.deliver()
            #expect(harness.transport.sent.last?.subject == "Kata sandi Prakerja Anda sudah diganti")
            await #expect(throws: AccountError.invalidCredentials) {
                _ = try await harness.accounts.startLogin(email: Self.email, password: "kucing-hitam-9")
            }
            let fresh = try await harness.accounts.startLogin(email: Self.email, password: "burung-biru-77")
            try await harness.deliver()
            _ = try await harness.accounts.completeLogin(
                challenge: fresh.challenge, code: try harness.latestCode(to: Self.email))
            let events = try await database.read {
                try await AuditLogStore($0).latest(event: "password.reset", limit: 5)
            }
            #expect(events.count == 1)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aRecoveryCodeAllowsFiveGuessesAndExpires(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            _ = try await verifiedAccount(harness)
            try await harness.accounts.requestPasswordReset(email: Self.email)
            try await harness.deliver()
            let code = try harness.latestCode(to: Self.email)
            let wrong = code == "000000" ? "111111" : "000000"
            for _ in 0..<5 {
                await #expect(throws: AccountError.invalidCode) {
                    try await harness.accounts.resetPassword(
                        email: Self.email, code: wrong, newPassword: "burung-biru-77")
                }
            }
            await #expect(throws: AccountError.tooManyAttempts) {
                try await harness.accounts.resetPassword(email: Self.email, code: code, newPassword: "burung-biru-77")
            }
            try await harness.accounts.requestPasswordReset(email: Self.email)
            try await harness.deliver()
            let second = try harness.latestCode(to: Self.email)
            harness.clock.advance(by: 30 * 60)
            await #expect(throws: AccountError.codeExpired) {
                try await harness.accounts.resetPassword(email: Self.email, code: second, newPassword: "burung-biru-77")
            }
        }
    }
}
