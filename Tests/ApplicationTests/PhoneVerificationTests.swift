import Application
import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// Phone verification by SMS code, after the identity, on both engines.
@Suite struct PhoneVerificationTests {
    /// An account whose identity the registry has verified.
    func identityVerified(_ harness: Harness, _ registry: FakeRegistry, email: String, nik: String) async throws
        -> String
    {
        let record = RegistryRecord(
            nik: nik, familyCardNumber: "3201012203150007", fullName: "SITI AMINAH",
            birthDate: CalendarDate(year: 1985, month: 7, day: 1), isAlive: true)
        registry.add(record)
        try await harness.accounts.register(email: email, locale: .indonesian)
        try await harness.deliver()
        let session = try await harness.accounts.verifyEmail(
            email: email, code: try harness.latestCode(to: email), password: "kucing-hitam-9")
        _ = try await harness.identity.submit(accountID: session.account.id, form: IdentityTests.form(nik: nik))
        try await harness.deliver()
        return session.account.id
    }

    func latestSMSCode(_ harness: Harness, to phone: String) throws -> String {
        let message = try #require(harness.sms.sent.last { $0.to == phone })
        let range = try #require(message.text.range(of: #"\d{6}"#, options: .regularExpression))
        return String(message.text[range])
    }

    @Test(arguments: TestEngine.allCases)
    func aCodeBySMSVerifiesThePhoneAndMovesTheJourneyOn(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let registry = FakeRegistry()
            let harness = Harness(database: database, registry: registry)
            let accountID = try await identityVerified(
                harness, registry, email: "siti@contoh.co.id", nik: "3201014107850123")
            let phones = harness.phones
            await #expect(throws: PhoneService.Failure.invalidPhone(.notMobile)) {
                try await phones.start(accountID: accountID, phone: "021-555-1234")
            }
            let normalised = try await phones.start(accountID: accountID, phone: "0812-3456-7890")
            #expect(normalised == "+6281234567890")
            #expect(harness.sms.sent.isEmpty)  // sent from the outbox, not in the request
            try await harness.deliver()
            let code = try latestSMSCode(harness, to: "+6281234567890")
            #expect(harness.sms.sent.last?.text.contains("Kode verifikasi Prakerja") == true)

            // Asking again while the code is valid sends the same code.
            try await phones.resend(accountID: accountID)
            try await harness.deliver()
            #expect(try latestSMSCode(harness, to: "+6281234567890") == code)

            await #expect(throws: AccountError.invalidCode) {
                try await phones.verify(accountID: accountID, code: code == "000000" ? "111111" : "000000")
            }
            try await phones.verify(accountID: accountID, code: code)
            #expect(try await phones.status(accountID: accountID)?.isVerified == true)
            let account = try await database.read { try await AccountStore($0).find(id: accountID) }
            #expect(account?.stage == .phoneVerified)
            #expect(try await harness.counts()[.phoneVerified] == 1)
            await #expect(throws: PhoneService.Failure.alreadyVerified) {
                try await phones.start(accountID: accountID, phone: "0812-3456-7890")
            }
        }
    }

    @Test(arguments: TestEngine.allCases)
    func theIdentityComesFirst(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            try await harness.accounts.register(email: "a@contoh.co.id", locale: .indonesian)
            try await harness.deliver()
            let session = try await harness.accounts.verifyEmail(
                email: "a@contoh.co.id", code: try harness.latestCode(to: "a@contoh.co.id"),
                password: "kucing-hitam-9")
            await #expect(throws: PhoneService.Failure.identityNotVerified) {
                try await harness.phones.start(accountID: session.account.id, phone: "081234567890")
            }
            await #expect(throws: PhoneService.Failure.noCodeSent) {
                try await harness.phones.verify(accountID: session.account.id, code: "123456")
            }
        }
    }

    @Test(arguments: TestEngine.allCases)
    func codesExpireAllowFiveGuessesAndFiveSends(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let registry = FakeRegistry()
            let harness = Harness(database: database, registry: registry)
            let accountID = try await identityVerified(
                harness, registry, email: "siti@contoh.co.id", nik: "3201014107850123")
            let phones = harness.phones
            try await phones.start(accountID: accountID, phone: "081234567890")
            try await harness.deliver()
            let first = try latestSMSCode(harness, to: "+6281234567890")

            // Ten minutes later the code has expired; a resend brings a new one.
            harness.clock.advance(by: 10 * 60 + 1)
            await #expect(throws: AccountError.codeExpired) {
                try await phones.verify(accountID: accountID, code: first)
            }
            try await phones.resend(accountID: accountID)
            try await harness.deliver()
            let second = try latestSMSCode(harness, to: "+6281234567890")
            #expect(second != first)

            // Five wrong guesses spend the code, even for the right one after.
            let wrong = second == "000000" ? "111111" : "000000"
            for _ in 0..<5 {
                await #expect(throws: AccountError.invalidCode) {
                    try await phones.verify(accountID: accountID, code: wrong)
                }
            }
            await #expect(throws: AccountError.tooManyAttempts) {
                try await phones.verify(accountID: accountID, code: second)
            }

            // After the first message, five more (one resend so far): then the number's hourly
            // limit, and the account's two-hour wait even for a new number.
            for _ in 0..<4 { try await phones.resend(accountID: accountID) }
            await #expect(throws: RateLimited.self) { try await phones.resend(accountID: accountID) }
            await #expect(throws: AccountError.self) {
                try await phones.start(accountID: accountID, phone: "085712345678")
            }
            harness.clock.advance(by: 2 * 60 * 60)
            try await phones.start(accountID: accountID, phone: "085712345678")
            try await harness.deliver()
            #expect(harness.sms.sent.contains { $0.to == "+6285712345678" })
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aNumberVerifiedByAnotherAccountIsRefusedAfterTheCode(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let registry = FakeRegistry()
            let harness = Harness(database: database, registry: registry)
            let first = try await identityVerified(harness, registry, email: "a@contoh.co.id", nik: "3201014107850123")
            let second = try await identityVerified(
                harness, registry, email: "b@contoh.co.id", nik: "3201014107850124")
            try await harness.phones.start(accountID: first, phone: "081234567890")
            try await harness.deliver()
            try await harness.phones.verify(
                accountID: first, code: try latestSMSCode(harness, to: "+6281234567890"))

            // Sending a code to the number reveals nothing; only the phone's holder learns it is taken.
            try await harness.phones.start(accountID: second, phone: "+62 812 3456 7890")
            try await harness.deliver()
            let code = try latestSMSCode(harness, to: "+6281234567890")
            await #expect(throws: PhoneService.Failure.phoneTaken) {
                try await harness.phones.verify(accountID: second, code: code)
            }
            #expect(try await harness.phones.status(accountID: second)?.isVerified == false)
            #expect(try await harness.counts()[.phoneVerified] == 1)
        }
    }
}
