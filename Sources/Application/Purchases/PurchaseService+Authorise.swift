import Domain
import Foundation
import Storage

extension PurchaseService {
    /// Authorises a reserved purchase with the participant's OTP: posts the price to the
    /// platform's payable and issues the invoice and the redeem code. Authorising a paid
    /// purchase again answers it as it is.
    public func authorise(platform: Partner, purchaseID: String, otp: String) async throws -> Purchase {
        let row = try await ownRow(platform: platform, purchaseID: purchaseID)
        if row.purchase.state == .paid || row.purchase.state == .redeemed || row.purchase.state == .completed {
            return row.purchase
        }
        guard row.purchase.state == .reserved else { throw Failure.notAwaitingOTP }
        let now = clock.now()
        guard now < row.purchase.otpExpiresAt else {
            _ = try await void(row, reason: "otp_expired", now: now)
            throw Failure.otpExpired
        }
        let (maxAttempts, codes, burst) = (policy.maxOTPAttempts, self.codes, self.burst)
        let invoice = Self.invoiceNumber(now: now)
        let redeemCode = Self.redeemCode()
        // The attempt is counted before the code is compared, in the transaction that pays when
        // the code is right: a wrong code commits only the count.
        let outcome = try await database.transaction { connection -> Attempt in
            let purchases = PurchaseStore(connection)
            guard let attempts = try await purchases.reserveOTPAttempt(id: purchaseID, max: maxAttempts) else {
                // Paid meanwhile by a concurrent call with the right code, or out of attempts.
                if let current = try await purchases.find(id: purchaseID), current.purchase.state != .reserved,
                    current.purchase.state != .voided
                {
                    return .paid(current.purchase)
                }
                return .notAwaiting
            }
            guard codes.matches(otp, purpose: CodePurpose.purchase, subject: purchaseID, nonce: row.otpNonce) else {
                return .wrong(attempts: attempts)
            }
            guard let current = try await purchases.find(id: purchaseID, forUpdate: true),
                try await purchases.markPaid(id: purchaseID, invoiceNumber: invoice, redeemCode: redeemCode, now: now)
            else { throw Failure.notAwaitingOTP }
            guard let card = try await CardStore(connection).find(number: current.purchase.cardNumber) else {
                throw Failure.unknownCard
            }
            // Revoked while the OTP was pending: nothing is paid; the reservation lapses.
            guard card.revokedAt == nil else { throw Failure.refused([.cardRevoked]) }
            try await CardStore(connection).markFirstPurchase(number: card.number, at: now)
            try await Self.checkBurst(current.purchase, policy: burst, now: now, in: connection)
            let scheme = try await Self.scheme(of: card, in: connection)
            // The platform's payable, which every purchase shares, last (see `start`).
            do {
                _ = try await LedgerStore(connection).apply(
                    LedgerTransfer(
                        id: Self.payID(purchaseID), debitAccount: card.ledgerAccount,
                        creditAccount: Self.payableAccount(platformID: current.purchase.platformID),
                        amount: current.purchase.price, phase: .postPending(pendingID: Self.reserveID(purchaseID)),
                        code: "purchase", scheme: scheme), now: now)
            } catch LedgerRefusal.pendingExpired {
                throw Failure.otpExpired
            }
            var paid = current.purchase
            paid.state = .paid
            paid.invoiceNumber = invoice
            paid.redeemCode = redeemCode
            paid.paidAt = now
            paid.otpAttempts = attempts
            return .paid(paid)
        }
        switch outcome {
        case .paid(let purchase): return purchase
        case .notAwaiting: throw Failure.notAwaitingOTP
        case .wrong(let attempts):
            guard attempts < maxAttempts else {
                _ = try await void(row, reason: "otp_locked", lockCard: true, now: now)
                try await audit.record(.purchaseLocked, actor: .partner(platform.id), subject: purchaseID)
                throw Failure.otpLocked
            }
            throw Failure.invalidOTP(attemptsLeft: maxAttempts - attempts)
        }
    }

    /// What one authorisation attempt came to.
    enum Attempt: Sendable {
        case paid(Purchase)
        case wrong(attempts: Int)
        case notAwaiting
    }

    /// Puts the course on the operators' review list when many cards bought it through this
    /// platform within the burst window (the paid purchase itself included).
    static func checkBurst(_ purchase: Purchase, policy: BurstPolicy, now: Date, in connection: StorageConnection)
        async throws
    {
        let flags = ReviewFlagStore(connection)
        let start = policy.windowStart(now)
        let count = try await flags.paidPurchases(
            courseID: purchase.courseID, platformID: purchase.platformID, since: start)
        guard count >= policy.purchases else { return }
        try await flags.raise(
            ReviewFlag(
                id: RandomTokens.timeOrderedID(now: now), kind: .purchaseBurst, partnerID: purchase.platformID,
                subject: purchase.courseID, count: count, windowStart: start, createdAt: now))
    }
}
