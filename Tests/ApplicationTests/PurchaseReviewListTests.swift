import Application
import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// What purchases put on the operators' review list, on both engines.
@Suite struct PurchaseReviewListTests {
    /// Many cards buying one course through one platform within the window: on the review list.
    @Test(arguments: TestEngine.allCases)
    func aBurstOfPurchasesOfOneCourseGoesToTheReviewList(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let registry = FakeRegistry()
            let harness = Harness(
                database: database, registry: registry, burst: BurstPolicy(window: 600, purchases: 3))
            let partners = try await MarketplaceFixture.partners(harness)
            let (course, schedule) = try await MarketplaceFixture.course(harness, partners)
            let cards = try await MarketplaceFixture.cardHolders(harness, registry, count: 3)
            for (index, card) in cards.enumerated() {
                _ = try await MarketplaceFixture.buy(harness, partners, card: card, course, schedule, key: "b\(index)")
                let flags = try await harness.services.reviewList.recent(as: .localDeveloper)
                #expect(flags.count == (index == 2 ? 1 : 0))
            }
            let flag = try #require(try await harness.services.reviewList.recent(as: .localDeveloper).first)
            #expect(flag.flag.kind == .purchaseBurst)
            #expect(flag.flag.count == 3)
            #expect(flag.courseTitle == "Pemasaran Digital")
            #expect(flag.partnerName == "Pintar Kerja")
        }
    }

    /// Operators see who never started (paid a week ago, not redeemed) and who never finished
    /// (redeemed, the schedule over, no completion).
    @Test(arguments: TestEngine.allCases)
    func participantsWhoNeverStartOrFinishAreListed(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let registry = FakeRegistry()
            let harness = Harness(database: database, registry: registry)
            let partners = try await MarketplaceFixture.partners(harness)
            let (course, schedule) = try await MarketplaceFixture.course(harness, partners)
            let cards = try await MarketplaceFixture.cardHolders(harness, registry, count: 2)
            var paid: [Purchase] = []
            for (index, card) in cards.enumerated() {
                paid.append(
                    try await MarketplaceFixture.buy(harness, partners, card: card, course, schedule, key: "s\(index)"))
            }
            _ = try await harness.services.redemptions.redeem(
                provider: partners.provider, redeemCode: try #require(paid[1].redeemCode))
            let list = harness.services.reviewList
            #expect(try await list.stalled(as: .localDeveloper).isEmpty)
            harness.clock.advance(by: 8 * 86_400)
            #expect(try await list.stalled(as: .localDeveloper).map(\.stalled.purchaseID) == [paid[0].id])
            harness.clock.advance(by: 7 * 86_400)
            let both = try await list.stalled(as: .localDeveloper)
            #expect(both.map(\.stalled.state) == [.paid, .redeemed])
            #expect(both.last?.stalled.since == schedule.endsAt)
            #expect(both.first?.courseTitle == "Pemasaran Digital")
        }
    }
}
