import Application
import Domain
import Foundation
import Storage
import TestSupport
import Testing

@Suite struct PasswordChangeTests {
    static let email = "ganti@contoh.co.id"

    @Test(arguments: TestEngine.allCases)
    func changingThePasswordEndsEverySession(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            try await harness.accounts.register(email: Self.email, locale: .indonesian)
            try await harness.deliver()
            let first = try await harness.accounts.verifyEmail(
                email: Self.email, code: try harness.latestCode(to: Self.email), password: "kucing-hitam-9")
            // A second session, as a thief's would be.
            let challenge = try await harness.accounts.startLogin(email: Self.email, password: "kucing-hitam-9")
                .challenge
            try await harness.deliver()
            let second = try await harness.accounts.completeLogin(
                challenge: challenge, code: try harness.latestCode(to: Self.email))
            #expect(try await harness.accounts.account(forToken: second.token) != nil)

            await #expect(throws: AccountError.wrongPassword) {
                _ = try await harness.accounts.changePassword(
                    accountID: first.account.id, currentPassword: "tebakan-salah", newPassword: "burung-biru-77")
            }
            await #expect(throws: AccountError.invalidPassword(.tooShort)) {
                _ = try await harness.accounts.changePassword(
                    accountID: first.account.id, currentPassword: "kucing-hitam-9", newPassword: "pendek")
            }
            #expect(try await harness.accounts.account(forToken: second.token) != nil, "failures change nothing")

            let renewed = try await harness.accounts.changePassword(
                accountID: first.account.id, currentPassword: "kucing-hitam-9", newPassword: "burung-biru-77")
            #expect(try await harness.accounts.account(forToken: first.token) == nil)
            #expect(try await harness.accounts.account(forToken: second.token) == nil)
            #expect(try await harness.accounts.account(forToken: renewed.token)?.id == first.account.id)

            // Only the new password opens a login.
            try await harness.deliver()
            #expect(harness.transport.sent.last?.subject == "Kata sandi Prakerja Anda sudah diganti")
            let before = harness.transport.sent.count
            await #expect(throws: AccountError.invalidCredentials) {
                _ = try await harness.accounts.startLogin(email: Self.email, password: "kucing-hitam-9")
            }
            try await harness.deliver()
            #expect(harness.transport.sent.count == before)
            _ = try await harness.accounts.startLogin(email: Self.email, password: "burung-biru-77")
            try await harness.deliver()
            #expect(harness.transport.sent.count == before + 1)

            let events = try await database.read { try await AuditLogStore($0).entries(after: 0, limit: 20) }
            #expect(events.map(\.event).contains("password.changed"))
            #expect(events.filter { $0.event == "login.failed" }.count == 2)
        }
    }

    /// A login started before the change cannot be finished after it with its emailed code.
    @Test(arguments: TestEngine.allCases)
    func changingThePasswordEndsPendingLogins(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            try await harness.accounts.register(email: Self.email, locale: .indonesian)
            try await harness.deliver()
            let owner = try await harness.accounts.verifyEmail(
                email: Self.email, code: try harness.latestCode(to: Self.email), password: "kucing-hitam-9")
            let pending = try await harness.accounts.startLogin(email: Self.email, password: "kucing-hitam-9").challenge
            try await harness.deliver()
            let code = try harness.latestCode(to: Self.email)
            _ = try await harness.accounts.changePassword(
                accountID: owner.account.id, currentPassword: "kucing-hitam-9", newPassword: "burung-biru-77")
            await #expect(throws: AccountError.self) {
                _ = try await harness.accounts.completeLogin(challenge: pending, code: code)
            }
        }
    }
}
