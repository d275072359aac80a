import Application
import Domain
import Foundation
import Storage
import TestSupport
import Testing

@Suite struct RegistrationTests {
    @Test(arguments: TestEngine.allCases)
    func registrationQueuesOneCodeThatVerifies(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            try await harness.accounts.register(email: "  Budi@Contoh.CO.ID ", locale: .indonesian)
            #expect(harness.transport.sent.isEmpty)  // nothing is sent on the request itself
            try await harness.deliver()
            let mail = try #require(harness.transport.sent.first)
            #expect(mail.to == "Budi@contoh.co.id")
            #expect(mail.subject.hasPrefix("Kode verifikasi Prakerja"))
            let code = try harness.latestCode(to: "Budi@contoh.co.id")
            #expect(mail.text.contains("https://prakerja.test/verifikasi?email=Budi%40contoh.co.id&code=\(code)"))
            #expect(
                mail.html.contains(
                    "<a href=\"https://prakerja.test/verifikasi?email=Budi%40contoh.co.id&amp;code=\(code)\">"))
            #expect(try await harness.counts()[.registered] == 1)

            let session = try await harness.accounts.verifyEmail(
                email: "Budi@CONTOH.co.id", code: code, password: "kucing-hitam-9")
            #expect(session.account.stage == .emailVerified)
            #expect(try await harness.accounts.account(forToken: session.token)?.id == session.account.id)
            let counts = try await harness.counts()
            #expect(counts[.registered] == 1)
            #expect(counts[.emailVerified] == 1)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func registeringTwiceResendsTheSameCodeAndCountsOnce(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            try await harness.accounts.register(email: "Siti@contoh.co.id", locale: .english)
            try await harness.deliver()
            let first = try harness.latestCode(to: "Siti@contoh.co.id")
            // The same mailbox typed with other capitals is the same account; mail still goes
            // to the address as first typed.
            try await harness.accounts.register(email: "SITI@contoh.co.id", locale: .indonesian)
            try await harness.deliver()
            #expect(harness.transport.sent.count == 2)
            #expect(harness.transport.sent.allSatisfy { $0.to == "Siti@contoh.co.id" })
            #expect(try harness.latestCode(to: "Siti@contoh.co.id") == first)
            #expect(harness.transport.sent.allSatisfy { $0.subject.hasPrefix("Your Prakerja verification code") })
            #expect(try await harness.counts()[.registered] == 1)
            let session = try await harness.accounts.verifyEmail(
                email: "siti@contoh.co.id", code: first, password: "kucing-hitam-9")
            #expect(session.account.stage == .emailVerified)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aVerifiedOwnerIsRemindedInsteadOfRegisteredAgain(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            try await harness.accounts.register(email: "agus@contoh.co.id", locale: .indonesian)
            try await harness.deliver()
            _ = try await harness.accounts.verifyEmail(
                email: "agus@contoh.co.id", code: try harness.latestCode(to: "agus@contoh.co.id"),
                password: "kucing-hitam-9")
            try await harness.accounts.register(email: "agus@contoh.co.id", locale: .indonesian)
            try await harness.deliver()
            let reminder = try #require(harness.transport.sent.last)
            #expect(reminder.subject == "Anda sudah memiliki akun Prakerja")
            #expect(reminder.text.contains("https://prakerja.test/masuk"))
            let digits = reminder.subject.filter(\.isNumber)
            #expect(digits.isEmpty)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func wrongCodesSpendTheCodeAndAResendReplacesIt(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            let email = "dewi@contoh.co.id"
            try await harness.accounts.register(email: email, locale: .indonesian)
            try await harness.deliver()
            let code = try harness.latestCode(to: email)
            let wrong = code == "000000" ? "111111" : "000000"
            for _ in 0..<5 {
                await #expect(throws: AccountError.invalidCode) {
                    try await harness.accounts.verifyEmail(email: email, code: wrong, password: "kucing-hitam-9")
                }
            }
            await #expect(throws: AccountError.tooManyAttempts) {
                try await harness.accounts.verifyEmail(email: email, code: code, password: "kucing-hitam-9")
            }
            try await harness.accounts.resendCode(email: email)
            try await harness.deliver()
            let fresh = try harness.latestCode(to: email)
            #expect(fresh != code)
            _ = try await harness.accounts.verifyEmail(email: email, code: fresh, password: "kucing-hitam-9")
        }
    }

    @Test(arguments: TestEngine.allCases)
    func codesExpireAfterThirtyMinutes(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            let email = "eko@contoh.co.id"
            try await harness.accounts.register(email: email, locale: .indonesian)
            try await harness.deliver()
            let code = try harness.latestCode(to: email)
            harness.clock.advance(by: 30 * 60)
            await #expect(throws: AccountError.codeExpired) {
                try await harness.accounts.verifyEmail(email: email, code: code, password: "kucing-hitam-9")
            }
            try await harness.accounts.resendCode(email: email)
            try await harness.deliver()
            let fresh = try harness.latestCode(to: email)
            #expect(fresh != code)
            _ = try await harness.accounts.verifyEmail(email: email, code: fresh, password: "kucing-hitam-9")
        }
    }

    @Test(arguments: TestEngine.allCases)
    func fiveResendsThenATwoHourWait(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            let email = "fitri@contoh.co.id"
            try await harness.accounts.register(email: email, locale: .indonesian)
            for _ in 0..<5 {
                harness.clock.advance(by: 60)
                try await harness.accounts.resendCode(email: email)
            }
            harness.clock.advance(by: 60)
            // Limited per email address, the same way for addresses with and without an
            // account, so the answer reveals nothing; registering again is limited too.
            await #expect(throws: RateLimited.self) { try await harness.accounts.resendCode(email: email) }
            await #expect(throws: RateLimited.self) {
                try await harness.accounts.register(email: email, locale: .indonesian)
            }
            for _ in 0..<6 { try await harness.accounts.resendCode(email: "tiada@contoh.co.id") }
            await #expect(throws: RateLimited.self) {
                try await harness.accounts.resendCode(email: "tiada@contoh.co.id")
            }
            try await harness.deliver()
            #expect(harness.transport.sent.count == 6)
            harness.clock.advance(by: 2 * 60 * 60)
            try await harness.accounts.resendCode(email: email)
            try await harness.deliver()
            #expect(harness.transport.sent.count == 7)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func unknownAddressesAreAcceptedSilently(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            try await harness.accounts.resendCode(email: "nobody@contoh.co.id")
            await #expect(throws: AccountError.invalidCode) {
                try await harness.accounts.verifyEmail(
                    email: "nobody@contoh.co.id", code: "123456", password: "kucing-hitam-9")
            }
            try await harness.deliver()
            #expect(harness.transport.sent.isEmpty)
        }
    }

    @Test func invalidInputIsRefusedBeforeAnythingIsStored() async throws {
        try await Self.refusesInvalidInput()
    }

    static func refusesInvalidInput() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let harness = Harness(database: database)
            await #expect(throws: AccountError.invalidEmail(.missingAt)) {
                try await harness.accounts.register(email: "budi.contoh.co.id", locale: .indonesian)
            }
            await #expect(throws: AccountError.invalidPassword(.tooCommon)) {
                try await harness.accounts.verifyEmail(
                    email: "budi@contoh.co.id", code: "123456", password: "bismillah")
            }
            let registered = try await harness.counts()[.registered]
            #expect(registered == 0)
        }
    }
}
