import Domain
import Foundation
import Testing

@Suite struct MarketplaceRuleTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func theSignedMessageIsClientCodeTimestampMethodPathAndBody() {
        let message = PartnerSignature.message(
            clientCode: "demo-platform", timestamp: "1790000000", method: "post", path: "/api/partner/v1/purchases",
            body: Array(#"{"a":1}"#.utf8))
        #expect(
            String(decoding: message, as: UTF8.self) == #"demo-platform1790000000POST/api/partner/v1/purchases{"a":1}"#)
    }

    @Test func timestampsOutsideFiveMinutesOrNotWholeSecondsAreRefused() {
        #expect(PartnerSignature.acceptedTimestamp("1790000000", now: now) == 1_790_000_000)
        #expect(PartnerSignature.acceptedTimestamp("1790000300", now: now) == 1_790_000_300)
        #expect(PartnerSignature.acceptedTimestamp("1789999700", now: now) == 1_789_999_700)
        #expect(PartnerSignature.acceptedTimestamp("1790000301", now: now) == nil)
        #expect(PartnerSignature.acceptedTimestamp("1789999699", now: now) == nil)
        // Milliseconds, so that two identical requests within a second still differ.
        #expect(PartnerSignature.acceptedTimestamp("1790000299999", now: now) == 1_790_000_299)
        #expect(PartnerSignature.acceptedTimestamp("1790000301000", now: now) == nil)
        for malformed in ["", "1790000000.5", "-1790000000", "1790000000000000", "abc", " 1790000000"] {
            #expect(PartnerSignature.acceptedTimestamp(malformed, now: now) == nil, "\(malformed)")
        }
        #expect(PartnerSignature.isWellFormed(String(repeating: "a", count: 64)))
        #expect(!PartnerSignature.isWellFormed(String(repeating: "g", count: 64)))
        #expect(!PartnerSignature.isWellFormed(String(repeating: "a", count: 40)))
    }

    @Test func aPartnerApplicationNeedsEveryField() {
        var application = PartnerApplication(
            kind: .platform, name: "Pintar Kerja", legalName: "PT Pintar Kerja Nusantara",
            contactEmail: "mitra@pintarkerja.co.id", documents: ["akta.pdf", "npwp.pdf"])
        #expect(application.problems() == [])
        application.name = " "
        application.contactEmail = "bukan-email"
        application.documents = []
        #expect(application.problems() == ["name", "contact_email", "documents"])
    }

    static func details(_ mode: Course.Mode = .online, province: String? = nil) -> CourseDetails {
        CourseDetails(
            title: "Pemasaran Digital untuk UMKM", titleEnglish: "Digital Marketing for Small Businesses",
            category: "digital_marketing", description: "Belajar beriklan di media sosial.",
            outcomes: ["Membuat iklan"], price: Rupiah(500_000), hours: 8, mode: mode, provinceCode: province)
    }

    @Test func courseRulesNameEachBadField() {
        let known: (String) -> Bool = { $0 == "32" }
        #expect(Self.details().problems(maximumPrice: Rupiah(3_500_000), knownProvince: known) == [])
        var details = Self.details(.offline)
        #expect(details.problems(maximumPrice: Rupiah(3_500_000), knownProvince: known) == ["province"])
        details.provinceCode = "32"
        #expect(details.problems(maximumPrice: Rupiah(3_500_000), knownProvince: known) == [])
        details.price = Rupiah(4_000_000)
        details.category = "astrology"
        details.hours = 0
        details.minimumAge = 30
        details.maximumAge = 20
        details.outcomes = []
        #expect(
            details.problems(maximumPrice: Rupiah(3_500_000), knownProvince: known) == [
                "category", "outcomes", "price", "hours", "maximum_age",
            ])
        // An online course names no place.
        #expect(
            Self.details(.online, province: "32").problems(maximumPrice: Rupiah(3_500_000), knownProvince: known)
                == ["province"])
    }

    @Test func schedulesStartInTheFutureAndEndAfterTheyStart() {
        #expect(
            CourseSchedule.problems(
                startsAt: now.addingTimeInterval(60), endsAt: now.addingTimeInterval(3600), seats: 30, now: now) == [])
        #expect(
            CourseSchedule.problems(startsAt: now, endsAt: now.addingTimeInterval(-1), seats: 0, now: now) == [
                "starts_at", "ends_at", "seats",
            ])
    }

    @Test func searchMatchesTheBeginningOfWordsInEitherLanguage() {
        let document = CatalogueSearch.document(["Pemasaran Digital", "Digital Marketing", "Café & Kopi"])
        #expect(document == " pemasaran digital marketing cafe kopi")
        #expect(CatalogueSearch.queryWords("  PEMASAR, digital!") == ["pemasar", "digital"])
        #expect(CatalogueSearch.queryWords("a % _ x") == [], "single characters and wildcards are no words")
        #expect(CatalogueSearch.queryWords(String(repeating: "kata ", count: 20)).count == 8)
    }

    static func facts(
        available: Int64 = 3_500_000, born: CalendarDate = CalendarDate(year: 1990, month: 8, day: 17),
        education: Profile.Education = .seniorHigh
    ) -> PurchaseFacts {
        PurchaseFacts(
            cardRevoked: false, purchaseDeadlinePassed: false, cardLockedUntil: nil, hasUnfinishedPurchase: false,
            available: Rupiah(available), buyerBirthDate: born, buyerEducation: education,
            today: CalendarDate(year: 2026, month: 12, day: 1))
    }

    @Test func everyPurchaseCheckIsReportedAtOnce() {
        var course = Course(
            id: "c1", platformID: "p", providerID: "v", reference: "r", details: Self.details(), status: .approved)
        let schedule = CourseSchedule(
            id: "s1", courseID: "c1", startsAt: now.addingTimeInterval(86_400), endsAt: now.addingTimeInterval(90_000),
            seats: 10)
        #expect(PurchaseChecks.refusals(Self.facts(), course: course, schedule: schedule, now: now) == [])

        var facts = Self.facts(
            available: 499_999, born: CalendarDate(year: 2000, month: 1, day: 1), education: .primary)
        facts.cardRevoked = true
        facts.purchaseDeadlinePassed = true
        facts.cardLockedUntil = now.addingTimeInterval(60)
        facts.hasUnfinishedPurchase = true
        course.status = .changesRequested
        course.details.minimumAge = 30
        course.details.minimumEducation = .seniorHigh
        var full = schedule
        full.seatsTaken = 10
        full.startsAt = now
        #expect(
            PurchaseChecks.refusals(facts, course: course, schedule: full, now: now) == [
                .cardRevoked, .purchaseDeadlinePassed, .cardLocked, .previousPurchaseUnfinished, .courseNotListed,
                .scheduleStarted, .noSeatsLeft, .ageNotAllowed, .educationNotMet, .balanceInsufficient,
            ])
        // A lock that has passed, a suspension that has ended, an exact balance: all fine.
        var later = Self.facts(available: 500_000)
        later.cardLockedUntil = now
        course = Course(
            id: "c1", platformID: "p", providerID: "v", reference: "r", details: Self.details(), status: .approved,
            suspendedUntil: now)
        #expect(PurchaseChecks.refusals(later, course: course, schedule: schedule, now: now) == [])
        course.suspendedUntil = now.addingTimeInterval(1)
        #expect(PurchaseChecks.refusals(later, course: course, schedule: schedule, now: now) == [.courseNotListed])
        // The maximum age is inclusive: 36 on the day, allowed up to 36.
        course.suspendedUntil = nil
        course.details.maximumAge = 36
        #expect(PurchaseChecks.refusals(Self.facts(), course: course, schedule: schedule, now: now) == [])
        course.details.maximumAge = 35
        #expect(PurchaseChecks.refusals(Self.facts(), course: course, schedule: schedule, now: now) == [.ageNotAllowed])
    }
}
