import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// Scheme versions as data, on both engines: the shipped ones are there after migrating, and a
/// stored version is never changed.
@Suite struct SchemeStoreTests {
    @Test(arguments: TestEngine.allCases)
    func shippedSchemesAreStoredAndAVersionIsNeverEdited(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let stored = try await database.read { try await SchemeStore($0).all() }
            #expect(stored == [.y2020, .y2023])
            let now = Date()
            #expect(
                try await database.transaction { try await SchemeStore($0).add(.y2023, now: now) } == .alreadyStored)
            let edited = Scheme(
                code: "2023", version: 1, trainingBalance: Rupiah(9_000_000), incentiveAmount: Rupiah(600_000),
                incentiveCount: 1, surveyIncentiveAmount: Rupiah(50_000), surveyIncentiveCount: 2,
                purchaseDeadlineDays: 15, minimumAge: 18, maximumAge: 64, excludesSocialAidRecipients: true,
                familyCardCap: 2, admitsNIT: false)
            #expect(try await database.transaction { try await SchemeStore($0).add(edited, now: now) } == .conflicts)
            #expect(try await database.read { try await SchemeStore($0).find(code: "2023", version: 1) } == .y2023)
            let next = Scheme(
                code: "2023", version: 2, trainingBalance: Rupiah(3_500_000), incentiveAmount: Rupiah(600_000),
                incentiveCount: 1, surveyIncentiveAmount: Rupiah(50_000), surveyIncentiveCount: 2,
                purchaseDeadlineDays: 20, minimumAge: 18, maximumAge: 64, excludesSocialAidRecipients: true,
                familyCardCap: 2, admitsNIT: false, test: .init(questions: 20, minutes: 30))
            #expect(try await database.transaction { try await SchemeStore($0).add(next, now: now) } == .added)
            #expect(try await database.read { try await SchemeStore($0).find(code: "2023", version: 2) } == next)
        }
    }
}
