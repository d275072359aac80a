import Application
import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// The basic test, on both engines: a per-person sitting of 18 questions, timed by the server,
/// resumed where it was left, passed or not, and sat again only after the waiting period.
@Suite struct BasicTestTests {
    /// Takes and passes the test with the right answers.
    static func pass(_ harness: Harness, accountID: String) async throws {
        let test = harness.services.basicTest
        let sitting = try await test.start(accountID: accountID)
        var answers: [String: Int] = [:]
        for id in sitting.questions { answers[id] = QuestionBank.bundled.item(id)?.correct ?? 2 }
        try await test.answer(accountID: accountID, answers)
        #expect(try await test.submit(accountID: accountID))
    }

    static func verifiedAccount(_ harness: Harness, email: String) async throws -> String {
        try await harness.accounts.register(email: email, locale: .indonesian)
        try await harness.deliver()
        return try await harness.accounts.verifyEmail(
            email: email, code: try harness.latestCode(to: email), password: "kucing-hitam-9"
        ).account.id
    }

    @Test func theBankHasSixtyItemsInBothLanguages() {
        let bank = QuestionBank.bundled
        #expect(bank.items.count >= 60)
        #expect(Set(bank.items.map(\.id)).count == bank.items.count)
        for item in bank.items {
            #expect(!item.text.id.isEmpty && !item.text.en.isEmpty)
            #expect(item.options.count >= 4)
            #expect((item.correct == nil) == (item.kind == .motivation))
            if let correct = item.correct { #expect(item.options.indices.contains(correct)) }
        }
        #expect(SittingRules.mix(count: 18) == [.numeracy: 8, .reading: 5, .motivation: 5])
        let one = SittingRules.draw(from: bank, count: 18, seed: 1)
        #expect(one.count == 18 && Set(one).count == 18)
        #expect(SittingRules.draw(from: bank, count: 18, seed: 1) == one)
        #expect(SittingRules.draw(from: bank, count: 18, seed: 2) != one)
    }

    @Test(arguments: TestEngine.allCases)
    func aSittingIsTimedByTheServerAndResumed(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            let test = harness.services.basicTest
            let person = try await Self.verifiedAccount(harness, email: "tes@contoh.co.id")
            #expect(try await test.standing(accountID: person) == .notTaken)
            let sitting = try await test.start(accountID: person)
            #expect(sitting.questions.count == 18)
            #expect(try await test.start(accountID: person).id == sitting.id, "coming back continues the sitting")
            let bank = QuestionBank.bundled
            let scored = sitting.questions.filter { bank.item($0)?.correct != nil }
            // Half right before the deadline…
            var answers: [String: Int] = [:]
            for id in scored.prefix(scored.count / 2) { answers[id] = bank.item(id)?.correct }
            try await test.answer(accountID: person, answers)
            await #expect(throws: BasicTestService.Failure.unknownQuestion) {
                try await test.answer(accountID: person, ["not-in-this-sitting": 0])
            }
            // …the rest right but after it: not counted, and the sitting is over.
            harness.clock.advance(by: 25 * 60 + 1)
            var late: [String: Int] = [:]
            for id in scored.dropFirst(scored.count / 2) { late[id] = bank.item(id)?.correct }
            await #expect(throws: BasicTestService.Failure.noSitting) { try await test.answer(accountID: person, late) }
            guard case .notPassed(let retakeAt) = try await test.standing(accountID: person) else {
                Issue.record("half right should not pass")
                return
            }
            await #expect(throws: BasicTestService.Failure.retakeNotYet(retakeAt)) {
                _ = try await test.start(accountID: person)
            }
            harness.clock.advance(by: 7 * 86_400)
            try await Self.pass(harness, accountID: person)
            #expect(try await test.standing(accountID: person) == .passed)
            await #expect(throws: BasicTestService.Failure.alreadyPassed) {
                _ = try await test.start(accountID: person)
            }
            let stored = try #require(
                try await database.read { try await TestSittingStore($0).latest(accountID: person) })
            #expect(stored.score == 100)
        }
    }
}
