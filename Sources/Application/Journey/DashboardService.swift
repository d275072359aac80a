import Domain
import Foundation
import Storage

/// Everything an applicant's dashboard shows, gathered in one call: where each check stands,
/// the basic test, the wave entry and card, and the one next step (`NextStep`).
public struct DashboardService: Sendable {
    let accounts: AccountService
    let identity: IdentityService
    let phones: PhoneService
    let basicTest: BasicTestService
    let waves: WaveService
    let purchases: PurchaseService
    let clock: any AppClock

    public init(
        accounts: AccountService, identity: IdentityService, phones: PhoneService, basicTest: BasicTestService,
        waves: WaveService, purchases: PurchaseService, clock: any AppClock
    ) {
        self.purchases = purchases
        self.accounts = accounts
        self.identity = identity
        self.phones = phones
        self.basicTest = basicTest
        self.waves = waves
        self.clock = clock
    }

    public struct Dashboard: Sendable {
        public var account: AccountRecord
        public var profile: ProfileRecord?
        public var eligibility: EligibilityRecord?
        public var phone: PhoneVerificationRecord?
        public var test: BasicTestService.Standing
        public var wave: WaveService.Standing?
        public var openWave: Wave?
        /// The card's purchases, newest first, each with its course.
        public var trainings: [PurchaseService.Training]
        public var next: NextStep
    }

    /// The dashboard of the account signed in with `sessionToken`.
    public func dashboard(for account: AccountRecord, sessionToken: String) async throws -> Dashboard {
        // The profile first, then the account: a check finishing in between shows as done in
        // both rather than done in one (see `/api/v1/me`).
        let profile = try await identity.status(accountID: account.id)
        let eligibility = try await identity.eligibility(accountID: account.id)
        let phone = try await phones.status(accountID: account.id)
        let account = try await accounts.account(forToken: sessionToken) ?? account
        let test = try await basicTest.standing(accountID: account.id)
        let standing = try await waves.standing(accountID: account.id)
        let openWave = try await waves.openWave()
        let scheduled = openWave == nil ? try await waves.nextScheduledWave() : nil
        let trainings = try await purchases.trainings(accountID: account.id)
        let facts = JourneyFacts(
            identity: Self.identity(profile), eligibility: Self.eligibility(eligibility),
            phoneVerified: phone?.isVerified == true, test: Self.test(test),
            entry: standing.map { ($0.status, Self.times($0.wave)) }, openWave: openWave.map(Self.times),
            scheduledWave: scheduled.map(Self.times), card: standing?.card.map(Self.card),
            training: trainings.first { $0.purchase.state != .voided }.map(Self.training),
            now: clock.now())
        return Dashboard(
            account: account, profile: profile, eligibility: eligibility, phone: phone, test: test, wave: standing,
            openWave: openWave, trainings: trainings, next: NextStep.of(facts))
    }

    static func identity(_ profile: ProfileRecord?) -> JourneyFacts.Identity {
        switch profile?.status {
        case nil: .notSubmitted
        case .pending: .pending
        case .verified: .verified
        case .rejected: .rejected
        }
    }

    static func eligibility(_ record: EligibilityRecord?) -> JourneyFacts.Eligibility {
        guard let record else { return .undecided }
        return record.isEligible ? .eligible : .ineligible
    }

    static func test(_ standing: BasicTestService.Standing) -> JourneyFacts.Test {
        switch standing {
        case .notTaken: .notTaken
        case .inProgress(let sitting): .inProgress(deadline: sitting.deadlineAt)
        case .passed: .passed
        case .notPassed(let retakeAt): .notPassed(retakeAt: retakeAt)
        }
    }

    static func times(_ wave: Wave) -> JourneyFacts.WaveTimes {
        .init(number: wave.number, opensAt: wave.opensAt, closesAt: wave.closesAt)
    }

    static func card(_ card: CardRecord) -> JourneyFacts.Card {
        if card.revokedAt != nil { return .revoked }
        return card.firstPurchaseAt != nil ? .used : .active(purchaseDeadline: card.purchaseDeadlineAt)
    }

    static func training(_ training: PurchaseService.Training) -> JourneyFacts.Training {
        let purchase = training.purchase
        return switch purchase.state {
        case .reserved, .voided: .awaitingOTP
        case .paid: .paid(redeemCode: purchase.redeemCode ?? "")
        case .redeemed: .redeemed
        case .completed: .completed(purchaseID: purchase.id, rated: training.rated)
        }
    }
}
