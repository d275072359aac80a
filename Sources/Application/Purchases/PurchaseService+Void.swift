import Domain
import Foundation
import Storage

extension PurchaseService {
    /// Voids a purchase before the provider redeemed it: a reservation is released, a payment
    /// returned to the balance, and the seat freed. Voiding a voided purchase answers it.
    public func void(platform: Partner, purchaseID: String) async throws -> Purchase {
        let row = try await ownRow(platform: platform, purchaseID: purchaseID)
        switch row.purchase.state {
        case .voided: return row.purchase
        case .redeemed, .completed: throw Failure.notVoidable
        case .reserved, .paid: return try await void(row, reason: "platform", now: clock.now())
        }
    }

    func ownRow(platform: Partner, purchaseID: String) async throws -> PurchaseStore.Row {
        guard platform.kind == .platform else { throw PartnerAuthFailure.wrongPartnerKind }
        guard let row = try await database.read({ try await PurchaseStore($0).find(id: purchaseID) }),
            row.purchase.platformID == platform.id
        else { throw Failure.unknownPurchase }
        return row
    }

    /// Voids `row` if it is still reserved or paid, moving its money back; the purchase as it ends.
    func void(_ row: PurchaseStore.Row, reason: String, lockCard: Bool = false, now: Date) async throws -> Purchase {
        let lockUntil = lockCard ? now.addingTimeInterval(policy.lockDuration) : nil
        return try await database.transaction { connection in
            let purchases = PurchaseStore(connection)
            guard let current = try await purchases.find(id: row.purchase.id, forUpdate: true) else {
                throw Failure.unknownPurchase
            }
            let state = current.purchase.state
            guard state == .reserved || state == .paid else {
                if state == .voided { return current.purchase }
                throw Failure.notVoidable
            }
            guard
                try await purchases.markVoided(
                    id: row.purchase.id, reason: reason, from: [state], lockedUntil: lockUntil, now: now)
            else { throw Failure.notVoidable }
            guard let card = try await CardStore(connection).find(number: current.purchase.cardNumber) else {
                throw Failure.unknownCard
            }
            let payable = Self.payableAccount(platformID: current.purchase.platformID)
            let scheme = try await Self.scheme(of: card, in: connection)
            let transfer =
                state == .reserved
                ? LedgerTransfer(
                    id: Self.releaseID(row.purchase.id), debitAccount: card.ledgerAccount, creditAccount: payable,
                    amount: current.purchase.price, phase: .voidPending(pendingID: Self.reserveID(row.purchase.id)),
                    code: "purchase_release", scheme: scheme)
                : LedgerTransfer(
                    id: Self.returnID(row.purchase.id), debitAccount: payable, creditAccount: card.ledgerAccount,
                    amount: current.purchase.price, code: "purchase_void", scheme: scheme)
            _ = try await LedgerStore(connection).apply(transfer, now: now)
            try await CourseStore(connection).releaseSeat(scheduleID: current.purchase.scheduleID)
            var voided = current.purchase
            voided.state = .voided
            voided.voidReason = reason
            voided.voidedAt = now
            return voided
        }
    }

    /// Voids reservations whose OTP expired and payments never redeemed in time, returning
    /// their money (the worker's housekeeping); how many it voided.
    @discardableResult
    public func voidLapsed(limit: Int = 500) async throws -> Int {
        let now = clock.now()
        let rows = try await database.read {
            try await PurchaseStore($0).lapsed(
                now: now, redeemCutoff: now.addingTimeInterval(-policy.redeemWithin), limit: limit)
        }
        var voided = 0
        for row in rows {
            let reason = row.purchase.state == .reserved ? "otp_expired" : "not_redeemed"
            if try await void(row, reason: reason, now: now).state == .voided { voided += 1 }
        }
        return voided
    }
}
