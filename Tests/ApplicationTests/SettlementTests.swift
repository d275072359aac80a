import Application
import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// Settlement on both engines: only redeemed purchases are paid, each once; voids net out
/// before; the totals equal the ledger.
@Suite struct SettlementTests {
    @Test(arguments: TestEngine.allCases)
    func onlyRedeemedPurchasesAreSettledOnceAndTheTotalsMatchTheLedger(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let registry = FakeRegistry()
            let harness = Harness(database: database, registry: registry)
            let partners = try await MarketplaceFixture.partners(harness)
            let (course, schedule) = try await MarketplaceFixture.course(harness, partners, price: 700_000)
            let cards = try await MarketplaceFixture.cardHolders(harness, registry, count: 3)
            let purchases = harness.services.purchases
            let settlements = harness.services.settlements
            func buy(_ card: CardRecord, _ key: String) async throws -> Purchase {
                try await MarketplaceFixture.buy(harness, partners, card: card, course, schedule, key: key)
            }
            #expect(try await settlements.run(as: .localDeveloper).lines.isEmpty)

            let redeemed = try await buy(cards[0], "a")
            _ = try await harness.services.redemptions.redeem(
                provider: partners.provider, redeemCode: try #require(redeemed.redeemCode))
            let unredeemed = try await buy(cards[1], "b")
            let voided = try await buy(cards[2], "c")
            _ = try await purchases.void(platform: partners.platform, purchaseID: voided.id)

            let first = try await settlements.run(as: .localDeveloper)
            #expect(first.lines.count == 1)
            #expect(first.lines.first?.purchases == 1)
            #expect(first.total == Rupiah(700_000))
            #expect(first.lines.first?.scheme == "2023 v1")
            #expect(first.csv.contains(",\"PT Pintar Kerja\",2023 v1,1,700000,settlement:"))
            let ledger = harness.services.ledger
            let payable = PurchaseService.payableAccount(platformID: partners.platform.id)
            let paid = SettlementService.paidAccount(platformID: partners.platform.id)
            // What stays payable is exactly the paid purchase not yet redeemed.
            #expect(try await ledger.balance(of: payable)?.available == Rupiah(700_000))
            #expect(try await ledger.balance(of: paid)?.creditsPosted == 700_000)
            #expect(try await settlements.run(as: .localDeveloper).lines.isEmpty, "nothing is settled twice")

            _ = try await harness.services.redemptions.redeem(
                provider: partners.provider, redeemCode: try #require(unredeemed.redeemCode))
            harness.clock.advance(by: 86_400)
            let second = try await settlements.run(as: .localDeveloper)
            #expect(second.total == Rupiah(700_000))
            #expect(try await ledger.balance(of: payable)?.available == Rupiah(0))
            let runs = try await settlements.settlements(as: .localDeveloper)
            #expect(runs.map(\.id) == [second.id, first.id])
            #expect(
                runs.map(\.total.amount).reduce(0, +) == (try await ledger.balance(of: paid)?.creditsPosted ?? -1))
            #expect(try await ledger.verify().problems == [])
        }
    }
}
