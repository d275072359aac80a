import Application
import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// Buying a training on both engines: the documented flow, every check, the OTP's limits, the
/// idempotency key, voids, redemption and completion, and concurrent purchases on one balance.
@Suite struct PurchaseTests {
    @Test(arguments: TestEngine.allCases)
    func aPurchaseFromStartToCompletion(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let registry = FakeRegistry()
            let harness = Harness(database: database, registry: registry)
            let partners = try await MarketplaceFixture.partners(harness)
            let (course, schedule) = try await MarketplaceFixture.course(harness, partners)
            let card = try #require(try await MarketplaceFixture.cardHolders(harness, registry, count: 1).first)
            let purchases = harness.services.purchases
            let request = PurchaseService.StartRequest(
                cardNumber: card.number.description, courseID: course.id, scheduleID: schedule.id,
                idempotencyKey: "order-1")

            let started = try await purchases.start(platform: partners.platform, request)
            #expect(started.state == .reserved)
            #expect(started.price == Rupiah(500_000))
            // The price is held at once: the balance shows it gone before the OTP.
            #expect(try await MarketplaceFixture.available(harness, card) == Rupiah(3_000_000))
            // The same key and request again is the same purchase; with another request, a conflict.
            #expect(try await purchases.start(platform: partners.platform, request).id == started.id)
            var other = request
            other.scheduleID = "another"
            await #expect(throws: PurchaseService.Failure.idempotencyConflict) {
                _ = try await purchases.start(platform: partners.platform, other)
            }
            let otp = try await MarketplaceFixture.latestOTP(harness)
            #expect(harness.sms.sent.last { $0.text.contains("OTP") }?.text.contains("Rp500.000") == true)
            let wrong = otp == "000000" ? "111111" : "000000"
            await #expect(throws: PurchaseService.Failure.invalidOTP(attemptsLeft: 4)) {
                _ = try await purchases.authorise(platform: partners.platform, purchaseID: started.id, otp: wrong)
            }
            // The provider is not a platform; another platform cannot see the purchase.
            await #expect(throws: PartnerAuthFailure.wrongPartnerKind) {
                _ = try await purchases.authorise(platform: partners.provider, purchaseID: started.id, otp: otp)
            }
            let paid = try await purchases.authorise(platform: partners.platform, purchaseID: started.id, otp: otp)
            #expect(paid.state == .paid)
            let redeemCode = try #require(paid.redeemCode)
            #expect(redeemCode.count == 10)
            #expect(paid.invoiceNumber?.hasPrefix("INV-") == true)
            // Authorising again answers the same payment; nothing moves twice.
            #expect(
                try await purchases.authorise(platform: partners.platform, purchaseID: started.id, otp: otp) == paid)
            #expect(try await MarketplaceFixture.available(harness, card) == Rupiah(3_000_000))
            let payable = PurchaseService.payableAccount(platformID: partners.platform.id)
            #expect(try await harness.services.ledger.balance(of: payable)?.creditsPosted == 500_000)
            // The first purchase stops the purchase-deadline clock.
            let after = try #require(try await database.read { try await CardStore($0).find(number: card.number) })
            #expect(after.firstPurchaseAt == harness.clock.now())

            // A new course only after this one is finished.
            let (second, secondSchedule) = try await MarketplaceFixture.course(
                harness, partners, reference: "EN-1", title: "Bahasa Inggris Kerja")
            let next = PurchaseService.StartRequest(
                cardNumber: card.number.digits, courseID: second.id, scheduleID: secondSchedule.id,
                idempotencyKey: "order-2")
            await #expect(throws: PurchaseService.Failure.refused([.previousPurchaseUnfinished])) {
                _ = try await purchases.start(platform: partners.platform, next)
            }

            let redemptions = harness.services.redemptions
            #expect(
                try await redemptions.check(provider: partners.provider, redeemCode: redeemCode).purchase.state == .paid
            )
            await #expect(throws: RedemptionService.Failure.notRedeemed) {
                _ = try await redemptions.recordAttendance(
                    provider: partners.provider, redeemCode: redeemCode, sequence: 1, attendedAt: harness.clock.now())
            }
            let redeemed = try await redemptions.redeem(
                provider: partners.provider, redeemCode: redeemCode.lowercased())
            #expect(redeemed.purchase.state == .redeemed)
            await #expect(throws: RedemptionService.Failure.alreadyRedeemed) {
                _ = try await redemptions.redeem(provider: partners.provider, redeemCode: redeemCode)
            }
            await #expect(throws: PurchaseService.Failure.notVoidable) {
                _ = try await purchases.void(platform: partners.platform, purchaseID: started.id)
            }
            await #expect(throws: PartnerAuthFailure.wrongPartnerKind) {
                _ = try await redemptions.redeem(provider: partners.platform, redeemCode: redeemCode)
            }
            for sequence in [1, 2, 2] {
                _ = try await redemptions.recordAttendance(
                    provider: partners.provider, redeemCode: redeemCode, sequence: sequence,
                    attendedAt: harness.clock.now())
            }
            await #expect(throws: RedemptionService.Failure.invalidCompletion(fields: ["certificate_url"])) {
                _ = try await redemptions.complete(
                    provider: partners.provider, redeemCode: redeemCode,
                    Completion(postTestScore: 80, certificateNumber: "C-1", certificateURL: "http://x"))
            }
            let completed = try await redemptions.complete(
                provider: partners.provider, redeemCode: redeemCode,
                Completion(
                    postTestScore: 85, certificateNumber: "SERT/2026/0001",
                    certificateURL: "https://latih.example/sertifikat/0001"))
            #expect(completed.purchase.state == .completed)
            #expect(completed.attended == [1, 2])
            #expect(completed.purchase.completion?.postTestScore == 85)
            await #expect(throws: RedemptionService.Failure.alreadyCompleted) {
                _ = try await redemptions.complete(
                    provider: partners.provider, redeemCode: redeemCode,
                    Completion(postTestScore: 85, certificateNumber: "x", certificateURL: "https://a.b/c"))
            }
            // Finished: the next course may be bought.
            harness.clock.advance(by: 1)
            #expect(try await purchases.start(platform: partners.platform, next).state == .reserved)
            #expect(try await purchases.purchases(accountID: card.accountID).map(\.state) == [.reserved, .completed])
            #expect(try await harness.services.ledger.verify().problems == [])
        }
    }

    @Test(arguments: TestEngine.allCases)
    func voidsExpiryAndTheOTPLockGiveTheMoneyBack(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let registry = FakeRegistry()
            let harness = Harness(database: database, registry: registry)
            let partners = try await MarketplaceFixture.partners(harness)
            let (course, schedule) = try await MarketplaceFixture.course(harness, partners, seats: 1)
            let card = try #require(try await MarketplaceFixture.cardHolders(harness, registry, count: 1).first)
            let purchases = harness.services.purchases
            // Each purchase's OTP is delivered as it starts: delivered together, two messages
            // could be sent in either order, and "the latest OTP" would be the wrong one.
            func start(_ key: String) async throws -> Purchase {
                let purchase = try await purchases.start(
                    platform: partners.platform,
                    .init(
                        cardNumber: card.number.digits, courseID: course.id, scheduleID: schedule.id,
                        idempotencyKey: key))
                try await harness.deliver()
                return purchase
            }
            let full = Rupiah(3_500_000)

            // Voided while reserved: the reservation is released and the seat freed.
            let first = try await start("a")
            #expect(try await purchases.void(platform: partners.platform, purchaseID: first.id).state == .voided)
            #expect(try await purchases.void(platform: partners.platform, purchaseID: first.id).state == .voided)
            #expect(try await MarketplaceFixture.available(harness, card) == full)

            // Voided after payment: the price comes back from the payable.
            let second = try await start("b")
            _ = try await purchases.authorise(
                platform: partners.platform, purchaseID: second.id, otp: try await MarketplaceFixture.latestOTP(harness)
            )
            #expect(try await MarketplaceFixture.available(harness, card) == Rupiah(3_000_000))
            let voided = try await purchases.void(platform: partners.platform, purchaseID: second.id)
            #expect(voided.state == .voided)
            #expect(try await MarketplaceFixture.available(harness, card) == full)
            await #expect(throws: RedemptionService.Failure.notRedeemable) {
                _ = try await harness.services.redemptions.redeem(
                    provider: partners.provider, redeemCode: try #require(voided.redeemCode))
            }

            // The OTP expires after five minutes; authorising then voids it.
            let third = try await start("c")
            let otp = try await MarketplaceFixture.latestOTP(harness)
            harness.clock.advance(by: 301)
            await #expect(throws: PurchaseService.Failure.otpExpired) {
                _ = try await purchases.authorise(platform: partners.platform, purchaseID: third.id, otp: otp)
            }
            #expect(
                try await purchases.status(platform: partners.platform, purchaseID: third.id).voidReason
                    == "otp_expired")
            #expect(try await MarketplaceFixture.available(harness, card) == full)

            // A reservation nobody authorises is voided by the housekeeping.
            let fourth = try await start("d")
            harness.clock.advance(by: 301)
            #expect(try await purchases.voidLapsed() == 1)
            #expect(try await purchases.status(platform: partners.platform, purchaseID: fourth.id).state == .voided)

            // Five wrong OTPs void the purchase and lock the card for half an hour.
            let fifth = try await start("e")
            let right = try await MarketplaceFixture.latestOTP(harness)
            let wrong = right == "000000" ? "111111" : "000000"
            for left in [4, 3, 2, 1] {
                await #expect(throws: PurchaseService.Failure.invalidOTP(attemptsLeft: left)) {
                    _ = try await purchases.authorise(platform: partners.platform, purchaseID: fifth.id, otp: wrong)
                }
            }
            await #expect(throws: PurchaseService.Failure.otpLocked) {
                _ = try await purchases.authorise(platform: partners.platform, purchaseID: fifth.id, otp: wrong)
            }
            await #expect(throws: PurchaseService.Failure.notAwaitingOTP) {
                _ = try await purchases.authorise(platform: partners.platform, purchaseID: fifth.id, otp: right)
            }
            #expect(try await MarketplaceFixture.available(harness, card) == full)
            await #expect(throws: PurchaseService.Failure.refused([.cardLocked])) { _ = try await start("f") }
            harness.clock.advance(by: 1_801)

            // A paid purchase never redeemed in 30 days is voided and the money returned.
            let sixth = try await start("g")
            _ = try await purchases.authorise(
                platform: partners.platform, purchaseID: sixth.id, otp: try await MarketplaceFixture.latestOTP(harness))
            harness.clock.advance(by: 30 * 86_400 + 1)
            #expect(try await purchases.voidLapsed() == 1)
            #expect(
                try await purchases.status(platform: partners.platform, purchaseID: sixth.id).voidReason
                    == "not_redeemed")
            #expect(try await MarketplaceFixture.available(harness, card) == full)
            #expect(try await harness.services.ledger.verify().problems == [])
        }
    }

    @Test(arguments: TestEngine.allCases)
    func everyCheckRefusesWithItsCode(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let registry = FakeRegistry()
            let harness = Harness(database: database, registry: registry)
            let partners = try await MarketplaceFixture.partners(harness)
            let cards = try await MarketplaceFixture.cardHolders(harness, registry, count: 2)
            let purchases = harness.services.purchases
            func start(_ card: CardRecord, _ course: Course, _ schedule: CourseSchedule, key: String) async throws
                -> Purchase
            {
                try await purchases.start(
                    platform: partners.platform,
                    .init(
                        cardNumber: card.number.digits, courseID: course.id, scheduleID: schedule.id,
                        idempotencyKey: key))
            }
            // The demo people finished senior high school (sma): a diploma course is refused.
            let (diploma, diplomaSchedule) = try await MarketplaceFixture.course(
                harness, partners, reference: "D3", minimumEducation: .diploma)
            await #expect(throws: PurchaseService.Failure.refused([.educationNotMet])) {
                _ = try await start(cards[0], diploma, diplomaSchedule, key: "k1")
            }
            // The last seat goes to one buyer only.
            let (small, smallSchedule) = try await MarketplaceFixture.course(
                harness, partners, reference: "S1", seats: 1)
            _ = try await start(cards[0], small, smallSchedule, key: "k2")
            await #expect(throws: PurchaseService.Failure.refused([.noSeatsLeft])) {
                _ = try await start(cards[1], small, smallSchedule, key: "k3")
            }
            // A course not yet approved is not for sale; nor a schedule that has started.
            let pending = try await harness.services.catalogue.submit(
                platform: partners.platform, reference: "P1", providerCode: partners.provider.clientCode,
                details: diploma.details)
            await #expect(throws: PurchaseService.Failure.refused([.courseNotListed, .educationNotMet])) {
                _ = try await start(cards[1], pending, diplomaSchedule, key: "k4")
            }
            let (later, laterSchedule) = try await MarketplaceFixture.course(harness, partners, reference: "L1")
            harness.clock.advance(by: 8 * 86_400)
            await #expect(throws: PurchaseService.Failure.refused([.scheduleStarted])) {
                _ = try await start(cards[1], later, laterSchedule, key: "k5")
            }
            // Past the purchase deadline without a purchase.
            harness.clock.advance(by: 8 * 86_400)
            let (fresh, freshSchedule) = try await MarketplaceFixture.course(harness, partners, reference: "F1")
            await #expect(throws: PurchaseService.Failure.refused([.purchaseDeadlinePassed])) {
                _ = try await start(cards[1], fresh, freshSchedule, key: "k6")
            }
            await #expect(throws: PurchaseService.Failure.unknownCard) {
                _ = try await purchases.start(
                    platform: partners.platform,
                    .init(cardNumber: "1234", courseID: fresh.id, scheduleID: freshSchedule.id, idempotencyKey: "k7"))
            }
            await #expect(throws: PurchaseService.Failure.invalidIdempotencyKey) {
                _ = try await purchases.start(
                    platform: partners.platform,
                    .init(
                        cardNumber: cards[1].number.digits, courseID: fresh.id, scheduleID: freshSchedule.id,
                        idempotencyKey: "has space"))
            }
        }
    }

    /// Many platforms' requests at once against one card: one purchase at a time, so exactly
    /// one reservation is made, the balance never goes below zero, and nothing is spent twice,
    /// however the requests interleave; and many authorisations of that one purchase post once.
    @Test(arguments: TestEngine.allCases)
    func concurrentPurchasesOnOneBalanceSpendItOnce(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let registry = FakeRegistry()
            var limits = RateLimits()
            limits.purchaseOTPsPerCard = RateLimitRule(name: "purchase_otps_per_card", limit: 100, window: 3600)
            let harness = Harness(database: database, registry: registry, limits: limits)
            let partners = try await MarketplaceFixture.partners(harness)
            let card = try #require(try await MarketplaceFixture.cardHolders(harness, registry, count: 1).first)
            var offers: [(Course, CourseSchedule)] = []
            for index in 0..<4 {
                offers.append(
                    try await MarketplaceFixture.course(
                        harness, partners, reference: "C\(index)", price: 3_000_000 + Int64(index) * 100_000))
            }
            let purchases = harness.services.purchases
            let platform = partners.platform
            let results = await withTaskGroup(of: Result<Purchase, any Error>.self) { group in
                for attempt in 0..<24 {
                    let (course, schedule) = offers[attempt % offers.count]
                    group.addTask {
                        do {
                            return .success(
                                try await purchases.start(
                                    platform: platform,
                                    .init(
                                        cardNumber: card.number.digits, courseID: course.id, scheduleID: schedule.id,
                                        idempotencyKey: "race-\(attempt)")))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                var results: [Result<Purchase, any Error>] = []
                for await result in group { results.append(result) }
                return results
            }
            let started = results.compactMap { try? $0.get() }
            #expect(started.count == 1)
            for case .failure(let error) in results {
                guard case .refused(let refusals) = error as? PurchaseService.Failure else {
                    Issue.record("unexpected \(String(reflecting: error))")
                    continue
                }
                #expect(refusals.contains(.previousPurchaseUnfinished), "\(refusals)")
            }
            let winner = try #require(started.first)
            #expect(
                try await MarketplaceFixture.available(harness, card) == Rupiah(3_500_000)
                    + Rupiah(-winner.price.amount))

            let otp = try await MarketplaceFixture.latestOTP(harness)
            // Each call is answered with the one payment, or refused while another is paying it.
            let paid = await withTaskGroup(of: Purchase?.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        do {
                            return try await purchases.authorise(platform: platform, purchaseID: winner.id, otp: otp)
                        } catch {
                            #expect(error as? PurchaseService.Failure == .notAwaitingOTP, "\(error)")
                            return nil
                        }
                    }
                }
                var paid: [Purchase] = []
                for await purchase in group { if let purchase { paid.append(purchase) } }
                return paid
            }
            #expect(paid.count >= 1)
            #expect(try await purchases.authorise(platform: platform, purchaseID: winner.id, otp: otp).state == .paid)
            #expect(Set(paid.map(\.redeemCode)).count == 1, "one payment, one redeem code")
            let balance = try #require(try await harness.services.ledger.balance(of: card.ledgerAccount))
            #expect(balance.debitsPosted == winner.price.amount)
            #expect(balance.debitsPending == 0)
            #expect(balance.available.amount >= 0)
            #expect(try await harness.services.ledger.verify().problems == [])
        }
    }
}
