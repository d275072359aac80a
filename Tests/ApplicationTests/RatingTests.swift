import Application
import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// Ratings after completion on both engines, and the automatic suspension of a course whose
/// average falls below the threshold over the minimum number of ratings.
@Suite struct RatingTests {
    /// Buys, redeems and completes `course` on `card`; the purchase.
    static func complete(
        _ harness: Harness, _ partners: MarketplaceFixture.Partners, card: CardRecord, course: Course,
        schedule: CourseSchedule, key: String
    ) async throws -> Purchase {
        let paid = try await MarketplaceFixture.buy(harness, partners, card: card, course, schedule, key: key)
        let code = try #require(paid.redeemCode)
        _ = try await harness.services.redemptions.redeem(provider: partners.provider, redeemCode: code)
        return try await harness.services.redemptions.complete(
            provider: partners.provider, redeemCode: code,
            Completion(postTestScore: 75, certificateNumber: "C-\(key)", certificateURL: "https://latih.example/c")
        )
        .purchase
    }

    static func rating(_ stars: Int) -> Rating {
        Rating(stars: [.content: stars, .instructor: stars, .usefulness: stars], review: "Cukup jelas.")
    }

    @Test func ratingsNeedEveryCriterionAndAShortReview() {
        #expect(Self.rating(4).problems() == [])
        #expect(
            Rating(stars: [.content: 6, .instructor: 0], review: " ").problems() == [
                "content", "instructor", "usefulness", "review",
            ])
        #expect(Rating(stars: [.content: 5, .instructor: 4, .usefulness: 3], review: "x").overall == 4)
        let policy = RatingPolicy(threshold: 3, minimumRatings: 3, suspension: 86_400)
        #expect(!policy.suspends(RatingSummary(count: 2, averages: [:], overall: 1)))
        #expect(policy.suspends(RatingSummary(count: 3, averages: [:], overall: 2.99)))
        #expect(!policy.suspends(RatingSummary(count: 3, averages: [:], overall: 3)))
    }

    @Test(arguments: TestEngine.allCases)
    func lowRatingsSuspendACourseForAWhileAndTellItsPartners(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let registry = FakeRegistry()
            let harness = Harness(
                database: database, registry: registry,
                ratings: RatingPolicy(threshold: 3, minimumRatings: 3, suspension: 30 * 86_400))
            let partners = try await MarketplaceFixture.partners(harness)
            let (course, schedule) = try await MarketplaceFixture.course(harness, partners)
            let cards = try await MarketplaceFixture.cardHolders(harness, registry, count: 3)
            let ratings = harness.services.ratings

            var completed: [Purchase] = []
            for (index, card) in cards.enumerated() {
                completed.append(
                    try await Self.complete(
                        harness, partners, card: card, course: course, schedule: schedule, key: "k\(index)"))
            }
            // Only the buyer rates, once, and only a completed training.
            await #expect(throws: RatingService.Failure.unknownPurchase) {
                try await ratings.rate(accountID: cards[1].accountID, purchaseID: completed[0].id, Self.rating(1))
            }
            await #expect(throws: RatingService.Failure.invalidRating(fields: ["review"])) {
                try await ratings.rate(
                    accountID: cards[0].accountID, purchaseID: completed[0].id,
                    Rating(stars: [.content: 2, .instructor: 2, .usefulness: 2], review: ""))
            }
            try await ratings.rate(accountID: cards[0].accountID, purchaseID: completed[0].id, Self.rating(2))
            await #expect(throws: RatingService.Failure.alreadyRated) {
                try await ratings.rate(accountID: cards[0].accountID, purchaseID: completed[0].id, Self.rating(5))
            }
            try await ratings.rate(accountID: cards[1].accountID, purchaseID: completed[1].id, Self.rating(3))
            #expect(
                try await harness.services.catalogue.listing(courseID: course.id) != nil, "two ratings are not enough")
            let summary = try await ratings.rate(
                accountID: cards[2].accountID, purchaseID: completed[2].id, Self.rating(3))
            #expect(summary.count == 3)
            #expect(abs(summary.overall - 8.0 / 3) < 0.001)
            #expect(summary.averages[.content].map { abs($0 - 8.0 / 3) < 0.001 } == true)

            // Below 3 over 3 ratings: off the catalogue for 30 days, with the reason, and both partners emailed.
            #expect(try await harness.services.catalogue.listing(courseID: course.id) == nil)
            let (suspended, _) = try await harness.services.catalogue.ownCourse(
                platform: partners.platform, courseID: course.id)
            #expect(suspended.suspensionReason.contains("2,7"))
            #expect(suspended.suspendedUntil == harness.clock.now().addingTimeInterval(30 * 86_400))
            try await harness.deliver()
            let mails = harness.transport.sent.filter { $0.subject.contains("dihentikan sementara") }
            #expect(Set(mails.map(\.to)) == ["mitra@platform.co.id", "mitra@provider.co.id"])
            let (found, _) = try await harness.services.catalogue.search(CatalogueFilter(), page: 1)
            #expect(!found.contains { $0.course.id == course.id })
            // A purchase of a suspended course is refused; after the period it is listed again.
            await #expect(throws: PurchaseService.Failure.refused([.courseNotListed])) {
                _ = try await harness.services.purchases.start(
                    platform: partners.platform,
                    .init(
                        cardNumber: cards[0].number.digits, courseID: course.id, scheduleID: schedule.id,
                        idempotencyKey: "again"))
            }
            harness.clock.advance(by: 30 * 86_400)
            #expect(try await harness.services.catalogue.listing(courseID: course.id)?.rating.count == 3)
            #expect(try await ratings.summary(providerID: partners.provider.id).count == 3)
            #expect(try await ratings.reviews(courseID: course.id).count == 3)
        }
    }
}
