import Application
import Domain
import Foundation
import Storage
import TestSupport
import Testing

@Suite struct OutboxWorkerTests {
    @Test(arguments: TestEngine.allCases)
    func transientFailuresAreRetriedWithBackoff(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database, transport: RecordingTransport(failures: 2))
            try await harness.accounts.register(email: "budi@contoh.co.id", locale: .indonesian)
            try await harness.deliver()
            #expect(harness.transport.sent.isEmpty)
            harness.clock.advance(by: 1)  // first retry is due after 1.6–2.4 s
            try await harness.deliver()
            #expect(harness.transport.sent.isEmpty)
            harness.clock.advance(by: 2)
            try await harness.deliver()
            #expect(harness.transport.sent.isEmpty)  // second failure; next retry after 3.2–4.8 s
            harness.clock.advance(by: 5)
            try await harness.deliver()
            #expect(harness.transport.sent.count == 1)
            let depth = try await database.read { try await OutboxStore($0).depth() }
            #expect(depth.pending == 0)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func permanentFailureEndsInTheDeadLetterState(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let retry = RetryPolicy(baseDelay: 1, maxDelay: 1, maxAttempts: 3)
            let harness = Harness(database: database, transport: RecordingTransport(failures: 100), retry: retry)
            try await harness.accounts.register(email: "budi@contoh.co.id", locale: .indonesian)
            for _ in 0..<5 {
                try await harness.deliver()
                harness.clock.advance(by: 2)
            }
            let depth = try await database.read { try await OutboxStore($0).depth() }
            #expect(depth.pending == 0)
            #expect(depth.dead == 1)
            let status = try #require(try await database.read { try await OutboxStore($0).status(id: 1) })
            #expect(status.attempts == 3)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func unknownKindsAreDeadLetteredNotLost(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database, retry: RetryPolicy(baseDelay: 1, maxDelay: 1, maxAttempts: 1))
            let now = harness.clock.now()
            try await database.transaction {
                try await OutboxStore($0).enqueue(kind: "carrier-pigeon", payload: "{}", now: now)
            }
            try await harness.deliver()
            let depth = try await database.read { try await OutboxStore($0).depth() }
            #expect(depth.dead == 1)
        }
    }
}

@Suite struct MailComposerTests {
    let codes = OneTimeCodes(key: [UInt8](repeating: 1, count: 32))

    @Test func codesAreSixDigitsAndBoundToTheirPurpose() {
        let code = codes.code(purpose: CodePurpose.emailVerification, subject: "a1", nonce: "n1")
        #expect(code.count == 6 && code.allSatisfy(\.isNumber))
        #expect(codes.matches(code, purpose: CodePurpose.emailVerification, subject: "a1", nonce: "n1"))
        #expect(codes.matches(" \(code) ", purpose: CodePurpose.emailVerification, subject: "a1", nonce: "n1"))
        #expect(!codes.matches(code, purpose: CodePurpose.login, subject: "a1", nonce: "n1"))
        #expect(!codes.matches(code, purpose: CodePurpose.emailVerification, subject: "a1", nonce: "n2"))
        #expect(!codes.matches(code, purpose: CodePurpose.emailVerification, subject: "a2", nonce: "n1"))
        let other = OneTimeCodes(key: [UInt8](repeating: 2, count: 32))
        #expect(other.code(purpose: CodePurpose.emailVerification, subject: "a1", nonce: "n1") != code)
    }

    @Test func rendersBothLanguagesAndEscapesHTML() {
        let composer = MailComposer(strings: .bundled, codes: codes, publicBaseURL: "https://x.test/")
        let request = EmailRequest(template: .verifyEmail, to: "a&b@x.id", locale: .english, subject: "a1", nonce: "n1")
        let mail = composer.compose(request, messageID: "outbox-1")
        let code = codes.code(purpose: CodePurpose.emailVerification, subject: "a1", nonce: "n1")
        #expect(mail.subject == "Your Prakerja verification code: \(code)")
        #expect(mail.text.contains("https://x.test/verifikasi?email=a%26b%40x.id&code=\(code)"))
        #expect(mail.html.contains("&amp;code=\(code)"))
        #expect(!mail.html.contains("<script"))
        #expect(mail.messageID == "outbox-1")
        var indonesian = request
        indonesian.locale = .indonesian
        #expect(composer.compose(indonesian, messageID: "m").subject.hasPrefix("Kode verifikasi"))
    }

    @Test func everyStringExistsInBothLanguages() {
        let tables = StringTable.bundled.tables
        let indonesian = Set(tables[.indonesian]?.keys ?? [:].keys)
        let english = Set(tables[.english]?.keys ?? [:].keys)
        #expect(!indonesian.isEmpty)
        #expect(indonesian == english)
        for key in indonesian {
            #expect(tables[.indonesian]?[key]?.isEmpty == false, "\(key) is empty")
        }
    }
}
