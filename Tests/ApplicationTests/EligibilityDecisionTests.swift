import Application
import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// Eligibility decided when the registry verifies an identity: recorded with the scheme
/// version, reading the imported lists and the family-card places, on both engines.
@Suite struct EligibilityDecisionTests {
    /// A verified account for `record`, its eligibility decided by the handler.
    func decide(
        _ harness: Harness, _ registry: FakeRegistry, record: RegistryRecord, email: String,
        declaring groups: [String] = [], inFormalEducation: Bool = false
    ) async throws -> EligibilityRecord? {
        registry.add(record)
        try await harness.accounts.register(email: email, locale: .indonesian)
        try await harness.deliver()
        let session = try await harness.accounts.verifyEmail(
            email: email, code: try harness.latestCode(to: email), password: "kucing-hitam-9")
        var form = IdentityTests.form(nik: record.nik, name: record.fullName)
        form.familyCardNumber = record.familyCardNumber
        form.birthDate = record.birthDate.description
        form.sex = (Int(record.nik.dropFirst(6).prefix(2)) ?? 0) > 40 ? "female" : "male"
        form.declaredGroups = groups
        form.notInFormalEducation = !inFormalEducation
        _ = try await harness.identity.submit(accountID: session.account.id, form: form)
        try await harness.deliver()
        return try await harness.identity.eligibility(accountID: session.account.id)
    }

    static func person(_ nik: String, kk: String = "3201012203150007", born: CalendarDate) -> RegistryRecord {
        RegistryRecord(nik: nik, familyCardNumber: kk, fullName: "SITI AMINAH", birthDate: born, isAlive: true)
    }

    // The harness clock is in 2026; these people are 40 or 70 then.
    static let adult = person("3201014107860123", born: CalendarDate(year: 1986, month: 7, day: 1))

    @Test(arguments: TestEngine.allCases)
    func anEligiblePersonIsRecordedWithTheSchemeVersion(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let registry = FakeRegistry()
            let harness = Harness(database: database, registry: registry)
            let decision = try #require(
                try await decide(harness, registry, record: Self.adult, email: "siti@contoh.co.id"))
            #expect(decision.isEligible)
            #expect(decision.reasons.isEmpty)
            #expect(decision.schemeCode == "2023")
            #expect(decision.schemeVersion == Scheme.y2023.version)
            #expect(decision.decidedFor == CalendarDate.inJakarta(harness.clock.now()).description)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func everyReasonIsRecordedFromDeclarationsListsAndAge(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let registry = FakeRegistry()
            let harness = Harness(database: database, registry: registry)
            let old = Self.person("3201014107560123", born: CalendarDate(year: 1956, month: 7, day: 1))
            let index = harness.index
            try await database.transaction { connection in
                let lists = ListStore(connection)
                _ = try await lists.insert(kind: .police, nikHashes: [index.hash(old.nik)], now: Date())
                _ = try await lists.insert(kind: .socialAidRecipients, nikHashes: [index.hash(old.nik)], now: Date())
                _ = try await lists.insert(kind: .blacklist, nikHashes: [index.hash(old.nik)], now: Date())
            }
            let decision = try #require(
                try await decide(
                    harness, registry, record: old, email: "lama@contoh.co.id", declaring: ["asn"],
                    inFormalEducation: true))
            #expect(!decision.isEligible)
            #expect(
                decision.reasons == [
                    "too_old", "in_formal_education", "declared_asn", "listed_polri", "social_aid_recipient",
                    "blacklisted",
                ])
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aFamilyCardAdmitsTwoEligiblePeople(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let registry = FakeRegistry()
            let harness = Harness(database: database, registry: registry)
            let born = CalendarDate(year: 1990, month: 3, day: 4)
            let family = ["3201010403900001", "3201010403900002", "3201010403900003"].map {
                Self.person($0, kk: "3201012203150099", born: born)
            }
            var decisions: [EligibilityRecord] = []
            for (number, member) in family.enumerated() {
                decisions.append(
                    try #require(
                        try await decide(harness, registry, record: member, email: "anggota\(number)@contoh.co.id")))
            }
            #expect(decisions.map(\.isEligible) == [true, true, false])
            #expect(decisions[2].reasons == ["family_card_cap"])
        }
    }

    @Test(arguments: TestEngine.allCases)
    func theRegistryRejectingMeansNoDecision(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let registry = FakeRegistry()
            let harness = Harness(database: database, registry: registry)
            registry.add(
                RegistryRecord(
                    nik: Self.adult.nik, familyCardNumber: Self.adult.familyCardNumber, fullName: "BUDI SANTOSO",
                    birthDate: Self.adult.birthDate, isAlive: true))
            try await harness.accounts.register(email: "x@contoh.co.id", locale: .indonesian)
            try await harness.deliver()
            let session = try await harness.accounts.verifyEmail(
                email: "x@contoh.co.id", code: try harness.latestCode(to: "x@contoh.co.id"),
                password: "kucing-hitam-9")
            var form = IdentityTests.form(nik: Self.adult.nik)
            form.birthDate = Self.adult.birthDate.description
            _ = try await harness.identity.submit(accountID: session.account.id, form: form)
            try await harness.deliver()
            #expect(try await harness.identity.status(accountID: session.account.id)?.status == .rejected)
            #expect(try await harness.identity.eligibility(accountID: session.account.id) == nil)
        }
    }
}
