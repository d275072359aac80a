import Application
import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// Partners, courses and card holders for the marketplace's tests.
enum MarketplaceFixture {
    struct Partners {
        let platform: Partner
        let platformKey: String
        let provider: Partner
        let providerKey: String
    }

    /// An approved platform and an approved provider, each with a signing key.
    static func partners(_ harness: Harness) async throws -> Partners {
        let service = harness.services.partners
        func onboard(_ kind: Partner.Kind, _ name: String) async throws -> (Partner, String) {
            let partner = try await service.apply(
                PartnerApplication(
                    kind: kind, name: name, legalName: "PT \(name)", contactEmail: "mitra@\(kind.rawValue).co.id",
                    documents: ["akta.pdf", "nib.pdf"]), as: .localDeveloper)
            try await service.approve(partnerID: partner.id, as: .localDeveloper)
            let key = try await service.issueKey(partnerID: partner.id, as: .localDeveloper).signingKey
            return (try #require(try await service.partner(id: partner.id)), key)
        }
        let (platform, platformKey) = try await onboard(.platform, "Pintar Kerja")
        let (provider, providerKey) = try await onboard(.provider, "Latih Nusantara")
        return Partners(platform: platform, platformKey: platformKey, provider: provider, providerKey: providerKey)
    }

    /// An approved course of the platform with one schedule starting in a week.
    static func course(
        _ harness: Harness, _ partners: Partners, reference: String = "DM-101", title: String = "Pemasaran Digital",
        price: Int64 = 500_000, seats: Int = 30, minimumEducation: Profile.Education? = nil
    ) async throws -> (Course, CourseSchedule) {
        let catalogue = harness.services.catalogue
        let course = try await catalogue.submit(
            platform: partners.platform, reference: reference, providerCode: partners.provider.clientCode,
            details: CourseDetails(
                title: title, titleEnglish: "Digital Marketing", category: "digital_marketing",
                description: "Beriklan di media sosial untuk usaha kecil.", outcomes: ["Membuat iklan pertama"],
                price: Rupiah(price), hours: 8, mode: .online, minimumEducation: minimumEducation))
        try await catalogue.decide(courseID: course.id, .approve, note: "", as: .localDeveloper)
        let now = harness.clock.now()
        let schedule = try await catalogue.addSchedule(
            platform: partners.platform, courseID: course.id, startsAt: now.addingTimeInterval(7 * 86_400),
            endsAt: now.addingTimeInterval(14 * 86_400), seats: seats)
        return (course, schedule)
    }

    /// `count` people selected in one wave, each with a card and the scheme's balance.
    static func cardHolders(_ harness: Harness, _ registry: FakeRegistry, count: Int) async throws -> [CardRecord] {
        var people: [String] = []
        for serial in 1...count {
            people.append(
                try await WaveTests.participant(
                    harness, registry, serial: serial, kk: "3201012203150" + String(format: "%03d", serial)))
        }
        let waves = harness.services.waves
        let now = harness.clock.now()
        _ = try await waves.create(
            .init(
                number: 1, opensAt: now, closesAt: now.addingTimeInterval(86_400), schemeCode: "2023",
                schemeVersion: 1, totalQuota: count, reservedQuota: 0, groupQuotas: ["32": count],
                publicSource: "drand"), as: .localDeveloper)
        for person in people { _ = try await waves.join(accountID: person, consented: true) }
        try await waves.close(number: 1, as: .localDeveloper)
        try await waves.enterPublicValue(number: 1, value: "round 1", as: .localDeveloper)
        _ = try await waves.fundBudget(
            schemeCode: "2023", schemeVersion: 1, amount: Rupiah(3_500_000) * count, key: "fund", as: .localDeveloper)
        _ = try await waves.draw(number: 1, as: .localDeveloper)
        var cards: [CardRecord] = []
        for person in people {
            cards.append(
                try #require(try await harness.database.read { try await CardStore($0).find(accountID: person) }))
        }
        return cards
    }

    /// Starts and authorises a purchase of `course` on `card`; the paid purchase.
    static func buy(
        _ harness: Harness, _ partners: Partners, card: CardRecord, _ course: Course, _ schedule: CourseSchedule,
        key: String
    ) async throws -> Purchase {
        let purchases = harness.services.purchases
        let started = try await purchases.start(
            platform: partners.platform,
            .init(cardNumber: card.number.digits, courseID: course.id, scheduleID: schedule.id, idempotencyKey: key))
        return try await purchases.authorise(
            platform: partners.platform, purchaseID: started.id, otp: try await latestOTP(harness))
    }

    /// The OTP in the newest purchase SMS.
    static func latestOTP(_ harness: Harness) async throws -> String {
        try await harness.deliver()
        let sms = try #require(harness.sms.sent.last(where: { $0.text.contains("OTP") }))
        let range = try #require(sms.text.range(of: #"\d{6}"#, options: .regularExpression))
        return String(sms.text[range])
    }

    static func available(_ harness: Harness, _ card: CardRecord) async throws -> Rupiah {
        try #require(try await harness.services.ledger.balance(of: card.ledgerAccount)).available
    }
}
