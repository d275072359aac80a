import Application
import Domain
import Foundation
import Storage
import TestSupport
import Testing

@Suite struct IdentityTests {
    static let record = RegistryRecord(
        nik: "3201014107850123", familyCardNumber: "3201012203150007", fullName: "SITI AMINAH",
        birthDate: CalendarDate(year: 1985, month: 7, day: 1), isAlive: true)

    static func form(nik: String = record.nik, name: String = "Hj. Siti Aminah") -> ProfileForm {
        var form = ProfileForm()
        form.nik = nik
        form.familyCardNumber = record.familyCardNumber
        form.fullName = name
        form.birthDate = "1985-07-01"
        form.sex = "female"
        (form.ktpStreet, form.currentStreet) = ("Jl. Raya Bogor 1", "Jl. Raya Bogor 1")
        (form.ktpProvince, form.currentProvince) = ("32", "32")
        (form.ktpRegency, form.currentRegency) = ("3201", "3201")
        (form.ktpDistrict, form.currentDistrict) = ("320101", "320101")
        (form.ktpVillage, form.currentVillage) = ("3201011001", "3201011001")
        form.education = "sma"
        form.maritalStatus = "married"
        form.dependants = "1"
        form.employment = "unemployed"
        form.notInFormalEducation = true
        form.honestyStatement = true
        return form
    }

    func verifiedAccount(_ harness: Harness, email: String) async throws -> String {
        try await harness.accounts.register(email: email, locale: .indonesian)
        try await harness.deliver()
        let session = try await harness.accounts.verifyEmail(
            email: email, code: try harness.latestCode(to: email), password: "kucing-hitam-9")
        return session.account.id
    }

    func identityService(_ harness: Harness) -> IdentityService { harness.identity }

    @Test(arguments: TestEngine.allCases)
    func aMatchingSubmissionIsVerifiedInTheBackground(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let registry = FakeRegistry()
            registry.add(Self.record)
            let harness = Harness(database: database, registry: registry)
            let accountID = try await verifiedAccount(harness, email: "siti@contoh.co.id")
            let identity = identityService(harness)
            let warnings = try await identity.submit(accountID: accountID, form: Self.form())
            #expect(warnings.isEmpty)
            #expect(try await identity.status(accountID: accountID)?.status == .pending)
            #expect(registry.calls == 0)  // nothing called on the request itself
            try await harness.deliver()
            #expect(try await identity.status(accountID: accountID)?.status == .verified)
            let account = try await database.read { try await AccountStore($0).find(id: accountID) }
            #expect(account?.stage == .identityVerified)
            #expect(try await harness.counts()[.identityVerified] == 1)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aRegistryOutageLeavesItPendingUntilTheRegistryReturns(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let registry = FakeRegistry()
            registry.add(Self.record)
            registry.setDown(true)
            let harness = Harness(database: database, registry: registry)
            let accountID = try await verifiedAccount(harness, email: "siti@contoh.co.id")
            let identity = identityService(harness)
            _ = try await identity.submit(accountID: accountID, form: Self.form())
            try await harness.deliver()
            harness.clock.advance(by: 3)
            try await harness.deliver()
            #expect(registry.calls == 2)
            #expect(try await identity.status(accountID: accountID)?.status == .pending)
            registry.setDown(false)
            harness.clock.advance(by: 10)
            try await harness.deliver()
            #expect(try await identity.status(accountID: accountID)?.status == .verified)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func mismatchesAreRejectedWithReasons(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let registry = FakeRegistry()
            registry.add(Self.record)
            let harness = Harness(database: database, registry: registry)
            let accountID = try await verifiedAccount(harness, email: "siti@contoh.co.id")
            let identity = identityService(harness)
            _ = try await identity.submit(accountID: accountID, form: Self.form(name: "Budi Santoso"))
            try await harness.deliver()
            let status = try await identity.status(accountID: accountID)
            #expect(status?.status == .rejected)
            #expect(status?.reasons == ["name_mismatch"])
            let account = try await database.read { try await AccountStore($0).find(id: accountID) }
            #expect(account?.stage == .emailVerified)
            #expect(try await harness.counts()[.identityVerified] == 0)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func oneAccountPerNIK(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            let first = try await verifiedAccount(harness, email: "a@contoh.co.id")
            let second = try await verifiedAccount(harness, email: "b@contoh.co.id")
            let identity = identityService(harness)
            _ = try await identity.submit(accountID: first, form: Self.form())
            await #expect(throws: IdentityService.Failure.nikClaimed) {
                try await identity.submit(accountID: second, form: Self.form())
            }
            await #expect(throws: IdentityService.Failure.alreadySubmitted) {
                try await identity.submit(accountID: first, form: Self.form())
            }
            let conflicts = try await database.read {
                try await ProfileStore($0).conflictCount(
                    nikHash: harness.index.hash(Self.record.nik))
            }
            #expect(conflicts == 1)
            #expect(try await identity.status(accountID: second) == nil)
        }
    }

    @Test func refusesUnverifiedEmailsAndInvalidForms() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let harness = Harness(database: database)
            try await harness.accounts.register(email: "c@contoh.co.id", locale: .indonesian)
            let pending = try #require(
                try await database.read { try await AccountStore($0).find(email: try EmailAddress("c@contoh.co.id")) })
            let identity = identityService(harness)
            await #expect(throws: IdentityService.Failure.emailNotVerified) {
                try await identity.submit(accountID: pending.id, form: Self.form())
            }
            var broken = Self.form()
            broken.nik = "123"
            await #expect(throws: IdentityService.Failure.invalid(["nik": "not_16_digits"])) {
                try await identity.submit(accountID: pending.id, form: broken)
            }
        }
    }
}
