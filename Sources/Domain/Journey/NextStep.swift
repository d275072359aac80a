import Foundation

/// What an applicant's dashboard needs to know to say what comes next.
public struct JourneyFacts: Sendable, Equatable {
    public enum Identity: Sendable, Equatable { case notSubmitted, pending, verified, rejected }
    public enum Eligibility: Sendable, Equatable { case undecided, eligible, ineligible }
    public enum Test: Sendable, Equatable {
        case notTaken
        case inProgress(deadline: Date)
        case passed
        case notPassed(retakeAt: Date)
    }
    /// A wave's number and times.
    public struct WaveTimes: Sendable, Equatable {
        public var number: Int
        public var opensAt: Date
        public var closesAt: Date

        public init(number: Int, opensAt: Date, closesAt: Date) {
            self.number = number
            self.opensAt = opensAt
            self.closesAt = closesAt
        }
    }
    public enum Card: Sendable, Equatable {
        case active(purchaseDeadline: Date)
        /// The card has had a purchase, so its purchase deadline no longer applies.
        case used
        case revoked
    }
    /// Where the card's latest purchase that was not voided stands.
    public enum Training: Sendable, Equatable {
        /// The platform sent an OTP; the participant gives it to the platform.
        case awaitingOTP
        case paid(redeemCode: String)
        case redeemed
        case completed(purchaseID: String, rated: Bool)
    }

    public var identity: Identity
    public var eligibility: Eligibility
    public var phoneVerified: Bool
    public var test: Test
    /// The person's latest entry and its wave.
    public var entry: (status: EntryStatus, wave: WaveTimes)?
    /// The wave people may join now.
    public var openWave: WaveTimes?
    /// The next wave to open, when none is open.
    public var scheduledWave: WaveTimes?
    public var card: Card?
    public var training: Training?
    public var now: Date

    public init(
        identity: Identity = .notSubmitted, eligibility: Eligibility = .undecided, phoneVerified: Bool = false,
        test: Test = .notTaken, entry: (status: EntryStatus, wave: WaveTimes)? = nil, openWave: WaveTimes? = nil,
        scheduledWave: WaveTimes? = nil, card: Card? = nil, training: Training? = nil, now: Date
    ) {
        self.training = training
        self.identity = identity
        self.eligibility = eligibility
        self.phoneVerified = phoneVerified
        self.test = test
        self.entry = entry
        self.openWave = openWave
        self.scheduledWave = scheduledWave
        self.card = card
        self.now = now
    }

    public static func == (lhs: JourneyFacts, rhs: JourneyFacts) -> Bool {
        lhs.identity == rhs.identity && lhs.eligibility == rhs.eligibility && lhs.phoneVerified == rhs.phoneVerified
            && lhs.test == rhs.test && lhs.entry?.status == rhs.entry?.status && lhs.entry?.wave == rhs.entry?.wave
            && lhs.openWave == rhs.openWave && lhs.scheduledWave == rhs.scheduledWave && lhs.card == rhs.card
            && lhs.training == rhs.training && lhs.now == rhs.now
    }
}

/// The one thing the dashboard asks an applicant to do next, or, when there is nothing to do,
/// what they are waiting for and until when. Each case names its text (`next.<code>`).
public enum NextStep: Sendable, Equatable {
    case submitIdentity
    /// The civil-registry check is running: the page refreshes itself.
    case awaitIdentityCheck
    /// The data did not match the civil registry: check it, or go to Dukcapil.
    case identityRejected
    /// Verified; the eligibility decision is being made: the page refreshes itself.
    case awaitEligibility
    /// Not eligible under the scheme: the reasons are shown, and what can be done.
    case ineligible
    case verifyPhone
    case takeTest
    case continueTest(deadline: Date)
    case retakeTest(from: Date)
    /// Join the open wave (after the consent statements).
    case joinWave(number: Int, closesAt: Date)
    /// Joined; the wave is still open.
    case awaitWaveClose(number: Int, closesAt: Date)
    /// The wave closed; the draw is not made yet.
    case awaitSelection(number: Int)
    /// No wave is open; the next one opens then.
    case awaitWaveOpening(number: Int, opensAt: Date)
    /// No wave is open or scheduled.
    case awaitNewWave
    /// Selected: buy the first training before the card's deadline.
    case buyTraining(deadline: Date)
    /// The card was revoked (no purchase before the deadline): the person cannot join again.
    case cardRevoked
    /// A platform started a purchase: give it the OTP from the SMS.
    case givePurchaseOTP
    /// Paid: take the redeem code to the training provider to start.
    case startTraining(redeemCode: String)
    case continueTraining
    /// Completed: rate it (required before any incentive).
    case rateTraining(purchaseID: String)
    case trainingCompleted
    /// The first training is done and balance may be left: choose the next one.
    case buyNextTraining

    public var code: String {
        switch self {
        case .submitIdentity: "submit_identity"
        case .awaitIdentityCheck: "await_identity_check"
        case .identityRejected: "identity_rejected"
        case .awaitEligibility: "await_eligibility"
        case .ineligible: "ineligible"
        case .verifyPhone: "verify_phone"
        case .takeTest: "take_test"
        case .continueTest: "continue_test"
        case .retakeTest: "retake_test"
        case .joinWave: "join_wave"
        case .awaitWaveClose: "await_wave_close"
        case .awaitSelection: "await_selection"
        case .awaitWaveOpening: "await_wave_opening"
        case .awaitNewWave: "await_new_wave"
        case .buyTraining: "buy_training"
        case .cardRevoked: "card_revoked"
        case .givePurchaseOTP: "give_purchase_otp"
        case .startTraining: "start_training"
        case .continueTraining: "continue_training"
        case .rateTraining: "rate_training"
        case .trainingCompleted: "training_completed"
        case .buyNextTraining: "buy_next_training"
        }
    }

    /// Whether a result is due within seconds, so the page should refresh itself.
    public var awaitsCheck: Bool { self == .awaitIdentityCheck || self == .awaitEligibility }

    public static func of(_ facts: JourneyFacts) -> NextStep {
        switch (facts.card, facts.training) {
        case (.revoked, _): return .cardRevoked
        case (.active, .awaitingOTP?), (.used, .awaitingOTP?): return .givePurchaseOTP
        case (.active, .paid(let code)?), (.used, .paid(let code)?): return .startTraining(redeemCode: code)
        case (.active, .redeemed?), (.used, .redeemed?): return .continueTraining
        case (.active, .completed(let purchase, false)?), (.used, .completed(let purchase, false)?):
            return .rateTraining(purchaseID: purchase)
        case (.active, .completed(_, true)?), (.used, .completed(_, true)?): return .trainingCompleted
        case (.active(let deadline), nil): return .buyTraining(deadline: deadline)
        case (.used, nil): return .buyNextTraining
        case (nil, _): break
        }
        switch facts.identity {
        case .notSubmitted: return .submitIdentity
        case .pending: return .awaitIdentityCheck
        case .rejected: return .identityRejected
        case .verified: break
        }
        switch facts.eligibility {
        case .undecided: return .awaitEligibility
        case .ineligible: return .ineligible
        case .eligible: break
        }
        guard facts.phoneVerified else { return .verifyPhone }
        if let entry = facts.entry {
            switch entry.status {
            case .waitingForClose: return .awaitWaveClose(number: entry.wave.number, closesAt: entry.wave.closesAt)
            case .inSelection: return .awaitSelection(number: entry.wave.number)
            // Selected entries carry a card; without one (revoked and refunded), as not selected.
            case .selected, .notSelected: break
            }
        }
        switch facts.test {
        case .notTaken: return .takeTest
        case .inProgress(let deadline): return .continueTest(deadline: deadline)
        case .notPassed(let retakeAt): return retakeAt > facts.now ? .retakeTest(from: retakeAt) : .takeTest
        case .passed: break
        }
        if let open = facts.openWave, open.number != facts.entry?.wave.number {
            return .joinWave(number: open.number, closesAt: open.closesAt)
        }
        if let next = facts.scheduledWave { return .awaitWaveOpening(number: next.number, opensAt: next.opensAt) }
        return .awaitNewWave
    }
}
