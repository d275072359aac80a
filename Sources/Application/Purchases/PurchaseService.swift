import Domain
import Foundation
import Storage

/// Buying a training with a card's balance, as Prakerja's partner flow does it: the platform
/// starts a payment (every check runs, the price is reserved in the ledger and an OTP goes to
/// the participant's phone), then authorises it with the OTP the participant gives it (the
/// reservation is posted to the platform's payable, and an invoice and a redeem code are
/// issued). A purchase can be voided until the provider redeems it; the money goes back.
public struct PurchaseService: Sendable {
    let database: any DatabaseClient
    let clock: any AppClock
    let codes: OneTimeCodes
    let limiter: RateLimiter
    let audit: AuditTrail
    public let policy: PurchasePolicy
    public let burst: BurstPolicy

    public init(
        database: any DatabaseClient, clock: any AppClock, codes: OneTimeCodes, limiter: RateLimiter,
        audit: AuditTrail, policy: PurchasePolicy = PurchasePolicy(), burst: BurstPolicy = BurstPolicy()
    ) {
        self.burst = burst
        self.database = database
        self.clock = clock
        self.codes = codes
        self.limiter = limiter
        self.audit = audit
        self.policy = policy
    }

    public enum Failure: Error, Equatable, Sendable {
        /// Checks that failed, all of them.
        case refused([PurchaseRefusal])
        case unknownCard
        case unknownCourse
        case unknownSchedule
        case unknownPurchase
        case invalidIdempotencyKey
        /// The idempotency key was used for a different request.
        case idempotencyConflict
        /// The purchase is not waiting for its OTP (already paid, voided …).
        case notAwaitingOTP
        case otpExpired
        case invalidOTP(attemptsLeft: Int)
        /// Too many wrong OTPs: the purchase is voided and the card locked for a while.
        case otpLocked
        /// Redeemed or completed: it can no longer be voided.
        case notVoidable
        /// The participant has no verified phone to send the OTP to.
        case noVerifiedPhone

        public var code: String {
            switch self {
            case .refused: "purchase_refused"
            case .unknownCard: "unknown_card"
            case .unknownCourse: "unknown_course"
            case .unknownSchedule: "unknown_schedule"
            case .unknownPurchase: "unknown_purchase"
            case .invalidIdempotencyKey: "invalid_idempotency_key"
            case .idempotencyConflict: "idempotency_conflict"
            case .notAwaitingOTP: "purchase_not_awaiting_otp"
            case .otpExpired: "otp_expired"
            case .invalidOTP: "invalid_otp"
            case .otpLocked: "otp_locked"
            case .notVoidable: "purchase_not_voidable"
            case .noVerifiedPhone: "no_verified_phone"
            }
        }
    }

    /// What a platform sends to start a payment.
    public struct StartRequest: Sendable, Equatable {
        public var cardNumber: String
        public var courseID: String
        public var scheduleID: String
        public var idempotencyKey: String

        public init(cardNumber: String, courseID: String, scheduleID: String, idempotencyKey: String) {
            self.cardNumber = cardNumber
            self.courseID = courseID
            self.scheduleID = scheduleID
            self.idempotencyKey = idempotencyKey
        }

        var hash: String { RandomTokens.hash("\(cardNumber)\u{1F}\(courseID)\u{1F}\(scheduleID)") }
    }

    /// The ledger ids of a purchase's movements.
    static func reserveID(_ purchase: String) -> String { "purchase:\(purchase):reserve" }
    static func payID(_ purchase: String) -> String { "purchase:\(purchase):pay" }
    static func releaseID(_ purchase: String) -> String { "purchase:\(purchase):release" }
    static func returnID(_ purchase: String) -> String { "purchase:\(purchase):return" }

    public static func payableAccount(platformID: String) -> String {
        LedgerService.accountID(.partnerPayable, owner: platformID)
    }

    /// Starts a payment: runs every check, reserves the price, takes a seat and sends the OTP.
    /// The same idempotency key with the same request again answers the same purchase.
    public func start(platform: Partner, _ request: StartRequest) async throws -> Purchase {
        guard platform.kind == .platform else { throw PartnerAuthFailure.wrongPartnerKind }
        let key = request.idempotencyKey
        guard (1...128).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.isNewline })
        else { throw Failure.invalidIdempotencyKey }
        if let existing = try await database.read({
            try await PurchaseStore($0).find(platformID: platform.id, idempotencyKey: key)
        }) {
            guard existing.requestHash == request.hash else { throw Failure.idempotencyConflict }
            return existing.purchase
        }
        guard let card = CardNumber(request.cardNumber) else { throw Failure.unknownCard }
        let now = clock.now()
        // Counted with the start itself: a start that is refused sends no OTP and counts nothing.
        let hits = [
            limiter.hit(limiter.limits.purchaseOTPsPerCard, subject: card.digits, at: now),
            limiter.hit(limiter.limits.purchaseOTPsPerPartner, subject: platform.id, at: now),
        ]
        let (policy, nonce, limiter) = (self.policy, RandomTokens.token(bytes: 12), self.limiter)
        let purchaseID = RandomTokens.timeOrderedID(now: now)
        do {
            return try await database.transaction { connection in
                try await limiter.enforce(hits, in: connection)
                let cards = CardStore(connection)
                guard let cardRecord = try await cards.find(number: card) else { throw Failure.unknownCard }
                let courses = CourseStore(connection)
                guard let course = try await courses.find(id: request.courseID), course.platformID == platform.id
                else { throw Failure.unknownCourse }
                guard let schedule = try await courses.schedule(id: request.scheduleID) else {
                    throw Failure.unknownSchedule
                }
                guard let profileRecord = try await ProfileStore(connection).find(accountID: cardRecord.accountID),
                    let profile = try? JSONDecoder().decode(Profile.self, from: Data(profileRecord.details.utf8))
                else { throw Failure.unknownCard }
                guard let phone = try await PhoneVerificationStore(connection).find(accountID: cardRecord.accountID),
                    phone.isVerified
                else { throw Failure.noVerifiedPhone }
                let ledger = LedgerStore(connection)
                let available = try await ledger.account(id: cardRecord.ledgerAccount)?.balance.available ?? Rupiah(0)
                let purchases = PurchaseStore(connection)
                let unfinished = try await purchases.forCard(card).contains { $0.purchase.state.isUnfinished }
                let facts = PurchaseFacts(
                    cardRevoked: cardRecord.revokedAt != nil,
                    purchaseDeadlinePassed: cardRecord.firstPurchaseAt == nil && cardRecord.purchaseDeadlineAt <= now,
                    cardLockedUntil: try await purchases.lockedUntil(card: card, now: now),
                    hasUnfinishedPurchase: unfinished, available: available, buyerBirthDate: profile.birthDate,
                    buyerEducation: profile.education, today: CalendarDate.inJakarta(now))
                let refusals = PurchaseChecks.refusals(facts, course: course, schedule: schedule, now: now)
                guard refusals.isEmpty else { throw Failure.refused(refusals) }

                let purchase = Purchase(
                    id: purchaseID, platformID: platform.id, idempotencyKey: key, cardNumber: card,
                    accountID: cardRecord.accountID, courseID: course.id, scheduleID: schedule.id,
                    price: course.details.price, state: .reserved,
                    otpExpiresAt: now.addingTimeInterval(policy.otpLifetime), createdAt: now)
                guard try await purchases.insert(purchase, requestHash: request.hash, otpNonce: nonce) else {
                    // Another start won: the same key (answered as it), or another purchase of the card.
                    throw Failure.refused([.previousPurchaseUnfinished])
                }
                let sms = SMSRequest(
                    to: phone.phone,
                    locale: try await AccountStore(connection).find(id: cardRecord.accountID)?.locale
                        ?? .indonesian, subject: purchase.id, nonce: nonce, textKey: "sms.purchase_code",
                    values: [
                        "course": String(course.details.title.prefix(40)), "price": course.details.price.description,
                    ],
                    codePurpose: CodePurpose.purchase)
                try await OutboxStore(connection).enqueue(kind: SMSRequest.outboxKind, payload: sms.encoded(), now: now)
                let scheme = try await Self.scheme(of: cardRecord, in: connection)
                let payable = Self.payableAccount(platformID: platform.id)
                try await ledger.open(
                    LedgerAccount(
                        id: payable, kind: .partnerPayable, owner: platform.id,
                        rule: LedgerAccount.rule(for: .partnerPayable)), now: now)
                // The rows every purchase of a course and platform shares (the schedule's seats,
                // the platform's payable) are updated last, so they stay locked for the shortest time.
                guard try await courses.takeSeat(scheduleID: schedule.id) else { throw Failure.refused([.noSeatsLeft]) }
                do {
                    _ = try await ledger.apply(
                        LedgerTransfer(
                            id: Self.reserveID(purchase.id), debitAccount: cardRecord.ledgerAccount,
                            creditAccount: payable, amount: purchase.price,
                            phase: .pending(timeoutAt: Int64(purchase.otpExpiresAt.timeIntervalSince1970)),
                            code: "purchase", scheme: scheme),
                        now: now)
                } catch LedgerRefusal.exceedsCredits {
                    throw Failure.refused([.balanceInsufficient])
                }
                return purchase
            }
        } catch Failure.refused([.previousPurchaseUnfinished]) {
            // A concurrent start with the same key committed first: answer as it did.
            if let existing = try await database.read({
                try await PurchaseStore($0).find(platformID: platform.id, idempotencyKey: key)
            }) {
                guard existing.requestHash == request.hash else { throw Failure.idempotencyConflict }
                return existing.purchase
            }
            throw Failure.refused([.previousPurchaseUnfinished])
        }
    }

    /// The scheme version a card's money belongs to, as every posting records it.
    static func scheme(of card: CardRecord, in connection: StorageConnection) async throws -> String {
        guard let wave = try await WaveStore(connection).find(id: card.waveID) else { return "" }
        return "\(wave.schemeCode) v\(wave.schemeVersion)"
    }

    /// One of the platform's purchases.
    public func status(platform: Partner, purchaseID: String) async throws -> Purchase {
        try await ownRow(platform: platform, purchaseID: purchaseID).purchase
    }

    /// `INV-20261201-7F3A09C2`: the day in Jakarta and random hex.
    static func invoiceNumber(now: Date) -> String {
        let day = CalendarDate.inJakarta(now)
        let stamp = String(format: "%04d%02d%02d", day.year, day.month, day.day)
        return "INV-\(stamp)-" + ByteEncoding.hex(SecureRandom.bytes(5)).uppercased()
    }

    /// Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L): about 49 bits.
    static func redeemCode() -> String {
        let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
        var code = ""
        while code.count < 10 {
            // Bytes past the last whole multiple of the alphabet would favour its first letters.
            for byte in SecureRandom.bytes(16) where Int(byte) < 256 - 256 % alphabet.count && code.count < 10 {
                code.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return code
    }
}
