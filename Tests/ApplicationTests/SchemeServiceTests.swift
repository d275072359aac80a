import Application
import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// Adding a scheme version from its JSON definition: an admin may, others may not; a bad
/// definition and an edited version are refused.
@Suite struct SchemeServiceTests {
    static let definition = """
        {"code": "2024", "version": 1, "training_balance": 3500000, "incentive_amount": 600000,
         "incentive_count": 1, "survey_incentive_amount": 50000, "survey_incentive_count": 2,
         "purchase_deadline_days": 15, "minimum_age": 18, "maximum_age": 64,
         "excludes_social_aid_recipients": true, "family_card_cap": 2, "admits_nit": false,
         "test": {"questions": 18, "minutes": 25, "pass_mark_percent": 60, "retake_after_days": 7}}
        """

    @Test(arguments: TestEngine.allCases)
    func anAdminAddsAVersionThatIsThenFixed(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            let schemes = harness.services.schemes
            let created = try await harness.operators.bootstrap(
                username: "kepala", password: "sandi-yang-panjang-sekali")
            let admin = try #require(try await database.read { try await OperatorStore($0).find(username: "kepala") })
            #expect(admin.id == created.id)
            let added = try await schemes.add(definition: Data(Self.definition.utf8), as: .signedIn(admin))
            #expect(added.versionName == "2024 v1")
            #expect(added.trainingBalance == Rupiah(3_500_000))
            #expect(try await schemes.find(code: "2024", version: 1) == added)
            _ = try await schemes.add(definition: Data(Self.definition.utf8), as: .signedIn(admin))
            let changed = Self.definition.replacingOccurrences(of: "3500000", with: "4000000")
            await #expect(throws: SchemeService.Failure.versionTaken("2024 v1")) {
                _ = try await schemes.add(definition: Data(changed.utf8), as: .signedIn(admin))
            }
            await #expect(throws: SchemeService.Failure.self) {
                _ = try await schemes.add(definition: Data("{\"code\": \"x\"}".utf8), as: .signedIn(admin))
            }
            let finance = try await harness.operators.create(
                by: admin, username: "keuangan", password: "sandi-yang-panjang-sekali", roles: [.finance])
            let financeRecord = try #require(
                try await database.read { try await OperatorStore($0).find(username: finance.username) })
            await #expect(throws: OperatorService.Failure.forbidden(.runProgramme)) {
                _ = try await schemes.add(definition: Data(Self.definition.utf8), as: .signedIn(financeRecord))
            }
        }
    }
}
