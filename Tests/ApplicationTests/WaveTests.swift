import Application
import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// A wave from opening to cards, on both engines: people join, the operator closes it, enters
/// the public value and draws; the selected get a card with their balance from the budget, the
/// file verifies, and the ledger adds up.
@Suite struct WaveTests {
    /// An account with a verified identity (in province 32), an eligible decision and a
    /// verified phone; `serial` varies the NIK, `kk` the family card.
    static func participant(_ harness: Harness, _ registry: FakeRegistry, serial: Int, kk: String) async throws
        -> String
    {
        let nik = "320101410786" + String(format: "%04d", serial)
        let record = RegistryRecord(
            nik: nik, familyCardNumber: kk, fullName: "SITI AMINAH",
            birthDate: CalendarDate(year: 1986, month: 7, day: 1),
            isAlive: true)
        registry.add(record)
        let email = "peserta\(serial)@contoh.co.id"
        try await harness.accounts.register(email: email, locale: .indonesian)
        try await harness.deliver()
        let session = try await harness.accounts.verifyEmail(
            email: email, code: try harness.latestCode(to: email), password: "kucing-hitam-9")
        var form = IdentityTests.form(nik: nik, name: record.fullName)
        form.familyCardNumber = kk
        form.birthDate = "1986-07-01"
        _ = try await harness.identity.submit(accountID: session.account.id, form: form)
        try await harness.deliver()
        let profile = try await harness.identity.status(accountID: session.account.id)
        #expect(profile?.status == .verified, "\(profile?.reasons ?? [])")
        let phone = "0812" + String(format: "%08d", serial)
        _ = try await harness.phones.start(accountID: session.account.id, phone: phone)
        try await harness.deliver()
        let sms = try #require(harness.sms.sent.last)
        let range = try #require(sms.text.range(of: #"\d{6}"#, options: .regularExpression))
        let code = String(sms.text[range])
        try await harness.phones.verify(accountID: session.account.id, code: code)
        try await BasicTestTests.pass(harness, accountID: session.account.id)
        return session.account.id
    }

    @Test(arguments: TestEngine.allCases)
    func aWaveFromJoiningToCards(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let registry = FakeRegistry()
            let harness = Harness(database: database, registry: registry)
            let waves = harness.services.waves
            let operatorPrincipal = OperatorPrincipal.localDeveloper
            var people: [String] = []
            for serial in 1...5 {
                people.append(
                    try await Self.participant(harness, registry, serial: serial, kk: "32010122031500\(10 + serial)"))
            }
            let now = harness.clock.now()
            let wave = try await waves.create(
                .init(
                    number: 1, opensAt: now, closesAt: now.addingTimeInterval(86_400), schemeCode: "2023",
                    schemeVersion: 1, totalQuota: 3, reservedQuota: 0, groupQuotas: ["32": 2, "31": 1],
                    publicSource: "drand quicknet, the first round after the close"), as: operatorPrincipal)
            #expect(wave.commitment.count == 64)
            await #expect(throws: WaveService.Failure.numberTaken) {
                _ = try await waves.create(
                    .init(
                        number: 1, opensAt: now, closesAt: now.addingTimeInterval(60), schemeCode: "2023",
                        schemeVersion: 1, totalQuota: 1, reservedQuota: 0, groupQuotas: ["32": 1], publicSource: "x"),
                    as: operatorPrincipal)
            }

            for person in people { _ = try await waves.join(accountID: person, consented: true) }
            await #expect(throws: WaveService.Failure.alreadyJoined) {
                _ = try await waves.join(accountID: people[0], consented: true)
            }
            let standing = try #require(try await waves.standing(accountID: people[0]))
            #expect(standing.status == .waitingForClose)
            #expect(standing.entry.group == "32")

            await #expect(throws: WaveService.Failure.notClosed) {
                _ = try await waves.draw(number: 1, as: operatorPrincipal)
            }
            try await waves.close(number: 1, as: operatorPrincipal)
            #expect(try await waves.standing(accountID: people[0])?.status == .inSelection)
            await #expect(throws: WaveService.Failure.noPublicValue) {
                _ = try await waves.draw(number: 1, as: operatorPrincipal)
            }
            try await waves.enterPublicValue(number: 1, value: "round 1234: 9f8e7d", as: operatorPrincipal)
            await #expect(throws: WaveService.Failure.publicValueRecorded) {
                try await waves.enterPublicValue(number: 1, value: "another", as: operatorPrincipal)
            }

            // One balance in the budget is not enough for two selected: nothing happens.
            _ = try await waves.fundBudget(
                schemeCode: "2023", schemeVersion: 1, amount: Rupiah(3_500_000), key: "apbn-1", as: operatorPrincipal)
            await #expect(throws: WaveService.Failure.budgetShort) {
                _ = try await waves.draw(number: 1, as: operatorPrincipal)
            }
            #expect(try await waves.standing(accountID: people[0])?.status == .inSelection)
            #expect(try await waves.standing(accountID: people[0])?.card == nil)
            _ = try await waves.fundBudget(
                schemeCode: "2023", schemeVersion: 1, amount: Rupiah(3_500_000), key: "apbn-2", as: operatorPrincipal)
            #expect(
                try await waves.fundBudget(
                    schemeCode: "2023", schemeVersion: 1, amount: Rupiah(3_500_000), key: "apbn-2",
                    as: operatorPrincipal) == .alreadyDone)

            let file = try await waves.draw(number: 1, as: operatorPrincipal)
            #expect(file.verify() == .matches(selected: 2, entries: 5))
            let published = try #require(try await waves.selectionFile(number: 1))
            #expect(try JSONDecoder().decode(SelectionFile.self, from: Data(published.utf8)) == file)
            #expect(!published.contains("peserta"), "the file names no person")
            await #expect(throws: WaveService.Failure.alreadyDrawn) {
                _ = try await waves.draw(number: 1, as: operatorPrincipal)
            }

            var selected = 0
            for person in people {
                let standing = try #require(try await waves.standing(accountID: person))
                #expect(standing.lastSelectedRank == 2)
                if standing.status == .selected {
                    selected += 1
                    let card = try #require(standing.card)
                    #expect(CardNumber(card.number.digits) != nil)
                    #expect(standing.balance == Rupiah(3_500_000))
                    #expect(standing.entry.rank ?? 99 <= 2)
                    await #expect(throws: WaveService.Failure.alreadyRecipient) {
                        _ = try await waves.join(accountID: person, consented: true)
                    }
                } else {
                    #expect(standing.status == .notSelected)
                    #expect(standing.card == nil)
                }
            }
            #expect(selected == 2)
            let counts = try await harness.counts()
            #expect(counts[.joinedWave] == 5)
            #expect(counts[.selected] == 2)
            #expect(try await harness.services.ledger.verify().problems == [])
            #expect(
                try await harness.services.ledger.balance(of: WaveService.budgetAccount(.y2023))?.available == Rupiah(0)
            )
            try await harness.deliver()
            #expect(harness.transport.sent.filter { $0.subject.contains("Gelombang 1") }.count == 5)
            #expect(harness.sms.sent.filter { $0.text.contains("lolos Gelombang 1") }.count == 2)

            // The scheme's 15 days pass without a purchase: both cards are revoked, their
            // balances go back to the treasury, once, however often the job runs.
            harness.clock.advance(by: 15 * 86_400 - 60)
            #expect(try await waves.revokeExpiredCards().count == 0)
            harness.clock.advance(by: 120)
            let revoked = try await waves.revokeExpiredCards()
            #expect(revoked.freedPlaces == [wave.id: 2])
            #expect(revoked.returned == 7_000_000)
            #expect(try await waves.revokeExpiredCards().count == 0)
            #expect(try await harness.services.ledger.verify().problems == [])
            #expect(try await harness.services.ledger.balance(of: "treasury")?.creditsPosted == 7_000_000)
            for person in people where try await waves.standing(accountID: person)?.card != nil {
                #expect(try await waves.standing(accountID: person)?.balance == Rupiah(0))
                await #expect(throws: WaveService.Failure.alreadyRecipient) {
                    _ = try await waves.join(accountID: person, consented: true)
                }
            }
        }
    }

    /// The close applies the wave's scheme again with the lists as they are then: a list
    /// imported after someone joined removes them; and a newer stored scheme version decides
    /// for people verified after it was added.
    @Test(arguments: TestEngine.allCases)
    func theCloseRechecksAndNewDecisionsUseTheNewestSchemeVersion(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let registry = FakeRegistry()
            let harness = Harness(database: database, registry: registry)
            let waves = harness.services.waves
            let principal = OperatorPrincipal.localDeveloper
            var people: [String] = []
            for serial in 1...3 {
                people.append(
                    try await Self.participant(harness, registry, serial: serial, kk: "32010122031500\(20 + serial)"))
            }
            let now = harness.clock.now()
            _ = try await waves.create(
                .init(
                    number: 1, opensAt: now, closesAt: now.addingTimeInterval(86_400), schemeCode: "2023",
                    schemeVersion: 1, totalQuota: 3, reservedQuota: 0, groupQuotas: ["32": 3],
                    publicSource: "drand quicknet, the first round after the close"), as: principal)
            for person in people { _ = try await waves.join(accountID: person, consented: true) }
            let report = try await harness.services.lists.importText(
                "nik\n3201014107860002\n", kind: .civilServants, as: principal)
            #expect(report.accepted == 1)
            try await waves.close(number: 1, as: principal)
            try await waves.enterPublicValue(number: 1, value: "round 9: 00ff", as: principal)
            _ = try await waves.fundBudget(
                schemeCode: "2023", schemeVersion: 1, amount: Rupiah(10_500_000), key: "apbn", as: principal)
            let file = try await waves.draw(number: 1, as: principal)
            #expect(file.removedAtRecheck == ["excluded_list": 1])
            #expect(file.entries.count == 2)
            #expect(file.verify() == .matches(selected: 2, entries: 2))
            #expect(try await waves.standing(accountID: people[1])?.status == .notSelected)

            // Version 2 admits people from 45 only; someone verified now is decided under it.
            var definition =
                try JSONSerialization.jsonObject(with: JSONEncoder().encode(Scheme.y2023)) as? [String: Any] ?? [:]
            definition["version"] = 2
            definition["minimum_age"] = 45
            _ = try await harness.services.schemes.add(
                definition: try JSONSerialization.data(withJSONObject: definition), as: principal)
            let late = try await Self.participantWithoutPhone(harness, registry, serial: 4)
            let decision = try #require(try await harness.identity.eligibility(accountID: late))
            #expect(decision.schemeVersion == 2)
            #expect(!decision.isEligible)
            #expect(decision.reasons == ["too_young"])
        }
    }

    /// A verified account (born 1986) without the phone step.
    static func participantWithoutPhone(_ harness: Harness, _ registry: FakeRegistry, serial: Int) async throws
        -> String
    {
        let nik = "320101410786" + String(format: "%04d", serial)
        let kk = "32010122031500\(40 + serial)"
        registry.add(
            RegistryRecord(
                nik: nik, familyCardNumber: kk, fullName: "SITI AMINAH",
                birthDate: CalendarDate(year: 1986, month: 7, day: 1), isAlive: true))
        let email = "lambat\(serial)@contoh.co.id"
        try await harness.accounts.register(email: email, locale: .indonesian)
        try await harness.deliver()
        let session = try await harness.accounts.verifyEmail(
            email: email, code: try harness.latestCode(to: email), password: "kucing-hitam-9")
        var form = IdentityTests.form(nik: nik, name: "SITI AMINAH")
        form.familyCardNumber = kk
        form.birthDate = "1986-07-01"
        _ = try await harness.identity.submit(accountID: session.account.id, form: form)
        try await harness.deliver()
        return session.account.id
    }

    @Test func cardNumbersCarryALuhnCheckDigit() {
        let card = CardNumber(body: "12345678901")
        #expect(card.digits.count == 16)
        #expect(card.digits.hasPrefix("9360"))
        #expect(CardNumber(card.description) == card)
        #expect(CardNumber.checkDigit(for: "7992739871") == 3)
        var digits = Array(card.digits)
        digits.swapAt(5, 6)
        if digits[5] != digits[6] { #expect(CardNumber(String(digits)) == nil, "swapped neighbours") }
        #expect(card.masked.hasSuffix(String(card.digits.suffix(4))))
    }
}
