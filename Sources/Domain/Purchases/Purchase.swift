import Foundation

/// A training bought with a card's balance, from the platform's request to completion.
public struct Purchase: Sendable, Equatable, Codable {
    /// Where a purchase stands. Money: `reserved` holds the price as a pending transfer;
    /// `paid` has posted it to the platform's payable; a void returns it to the balance.
    public enum State: String, Sendable, Codable, CaseIterable {
        /// Checks passed, the price reserved, the OTP sent to the participant.
        case reserved
        /// Authorised with the OTP: the price posted, the invoice and redeem code issued.
        case paid
        /// The provider committed the redeem code: the participant started.
        case redeemed
        case completed
        /// Released or returned to the balance (by the platform, an expired OTP, too many wrong
        /// OTPs, or never redeemed in time).
        case voided

        /// A purchase in these states keeps the card from starting another.
        public var isUnfinished: Bool { self == .reserved || self == .paid || self == .redeemed }
    }

    public var id: String
    public var platformID: String
    /// The platform's idempotency key for the request that started it.
    public var idempotencyKey: String
    public var cardNumber: CardNumber
    public var accountID: String
    public var courseID: String
    public var scheduleID: String
    public var price: Rupiah
    public var state: State
    public var otpExpiresAt: Date
    /// OTPs tried so far (the right one included).
    public var otpAttempts: Int
    public var invoiceNumber: String?
    public var redeemCode: String?
    public var voidReason: String?
    public var completion: Completion?
    public var createdAt: Date
    public var paidAt: Date?
    public var redeemedAt: Date?
    public var completedAt: Date?
    public var voidedAt: Date?

    public init(
        id: String, platformID: String, idempotencyKey: String, cardNumber: CardNumber, accountID: String,
        courseID: String, scheduleID: String, price: Rupiah, state: State, otpExpiresAt: Date, otpAttempts: Int = 0,
        invoiceNumber: String? = nil, redeemCode: String? = nil, voidReason: String? = nil,
        completion: Completion? = nil, createdAt: Date,
        paidAt: Date? = nil, redeemedAt: Date? = nil, completedAt: Date? = nil, voidedAt: Date? = nil
    ) {
        self.id = id
        self.platformID = platformID
        self.idempotencyKey = idempotencyKey
        self.cardNumber = cardNumber
        self.accountID = accountID
        self.courseID = courseID
        self.scheduleID = scheduleID
        self.price = price
        self.state = state
        self.otpExpiresAt = otpExpiresAt
        self.otpAttempts = otpAttempts
        self.invoiceNumber = invoiceNumber
        self.redeemCode = redeemCode
        self.voidReason = voidReason
        self.completion = completion
        self.createdAt = createdAt
        self.paidAt = paidAt
        self.redeemedAt = redeemedAt
        self.completedAt = completedAt
        self.voidedAt = voidedAt
    }
}

/// What the provider reports when a participant finishes: the post-test and the certificate.
public struct Completion: Sendable, Equatable, Codable {
    /// The post-test score, 0–100.
    public var postTestScore: Int
    public var certificateNumber: String
    /// Where the participant (and an auditor) can see the certificate: an https link.
    public var certificateURL: String

    public init(postTestScore: Int, certificateNumber: String, certificateURL: String) {
        self.postTestScore = postTestScore
        self.certificateNumber = certificateNumber
        self.certificateURL = certificateURL
    }

    /// The fields that are wrong, by name.
    public func problems() -> [String] {
        var problems: [String] = []
        if !(0...100).contains(postTestScore) { problems.append("post_test_score") }
        let number = certificateNumber.trimmingCharacters(in: .whitespaces)
        if number.isEmpty || number.count > 64 { problems.append("certificate_number") }
        let url = URLComponents(string: certificateURL)
        if certificateURL.count > 500 || url?.scheme?.lowercased() != "https" || (url?.host ?? "").isEmpty {
            problems.append("certificate_url")
        }
        return problems
    }
}

/// How long each step of a purchase may take.
public struct PurchasePolicy: Sendable, Equatable {
    /// How long the OTP (and the reservation it holds) stays valid.
    public var otpLifetime: TimeInterval = 300
    /// OTP attempts a purchase allows: the last one wrong voids it and locks the card.
    public var maxOTPAttempts = 5
    /// How long a card stays locked after too many wrong OTPs.
    public var lockDuration: TimeInterval = 1_800
    /// A paid purchase not redeemed within this time is voided and its money returned.
    public var redeemWithin: TimeInterval = 30 * 86_400

    public init() {}
}

/// The buyer-side facts the purchase checks need, gathered by the use case.
public struct PurchaseFacts: Sendable, Equatable {
    public var cardRevoked: Bool
    /// The card has no purchase yet and its purchase deadline has passed.
    public var purchaseDeadlinePassed: Bool
    public var cardLockedUntil: Date?
    public var hasUnfinishedPurchase: Bool
    public var available: Rupiah
    public var buyerBirthDate: CalendarDate
    public var buyerEducation: Profile.Education
    public var today: CalendarDate

    public init(
        cardRevoked: Bool, purchaseDeadlinePassed: Bool, cardLockedUntil: Date?, hasUnfinishedPurchase: Bool,
        available: Rupiah, buyerBirthDate: CalendarDate, buyerEducation: Profile.Education, today: CalendarDate
    ) {
        self.cardRevoked = cardRevoked
        self.purchaseDeadlinePassed = purchaseDeadlinePassed
        self.cardLockedUntil = cardLockedUntil
        self.hasUnfinishedPurchase = hasUnfinishedPurchase
        self.available = available
        self.buyerBirthDate = buyerBirthDate
        self.buyerEducation = buyerEducation
        self.today = today
    }
}

/// Why a purchase cannot start; each has a stable code, and all that apply are reported.
public enum PurchaseRefusal: String, Error, Sendable, Equatable, CaseIterable {
    case cardRevoked = "card_revoked"
    case purchaseDeadlinePassed = "purchase_deadline_passed"
    case cardLocked = "card_locked"
    case previousPurchaseUnfinished = "previous_purchase_unfinished"
    case courseNotListed = "course_not_listed"
    case scheduleStarted = "schedule_started"
    case noSeatsLeft = "no_seats_left"
    case ageNotAllowed = "age_not_allowed"
    case educationNotMet = "education_not_met"
    case balanceInsufficient = "balance_insufficient"
}

public enum PurchaseChecks {
    /// Every check the platform's start of a payment must pass, in the documented order.
    public static func refusals(
        _ facts: PurchaseFacts, course: Course, schedule: CourseSchedule, now: Date
    ) -> [PurchaseRefusal] {
        var refusals: [PurchaseRefusal] = []
        if facts.cardRevoked { refusals.append(.cardRevoked) }
        if facts.purchaseDeadlinePassed { refusals.append(.purchaseDeadlinePassed) }
        if let until = facts.cardLockedUntil, until > now { refusals.append(.cardLocked) }
        if facts.hasUnfinishedPurchase { refusals.append(.previousPurchaseUnfinished) }
        if !course.isListed(at: now) || schedule.courseID != course.id { refusals.append(.courseNotListed) }
        if schedule.startsAt <= now { refusals.append(.scheduleStarted) }
        if schedule.seatsLeft < 1 { refusals.append(.noSeatsLeft) }
        let age = Scheme.age(born: facts.buyerBirthDate, on: facts.today)
        if let minimum = course.details.minimumAge, age < minimum { refusals.append(.ageNotAllowed) }
        if let maximum = course.details.maximumAge, age > maximum, !refusals.contains(.ageNotAllowed) {
            refusals.append(.ageNotAllowed)
        }
        if let required = course.details.minimumEducation, facts.buyerEducation.rank < required.rank {
            refusals.append(.educationNotMet)
        }
        if facts.available < course.details.price { refusals.append(.balanceInsufficient) }
        return refusals
    }
}

extension Profile.Education {
    /// Its place in the order of schooling (none first).
    public var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
