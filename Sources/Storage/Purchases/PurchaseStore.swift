import Domain
import Foundation
import SQLKit

/// Purchases from reservation to completion. The database keeps one unfinished purchase per
/// card and one purchase per platform idempotency key.
public struct PurchaseStore: Sendable {
    let connection: StorageConnection
    var sql: any SQLDatabase { connection.sql }

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    private static let columns: SQLQueryString = """
        id, platform_id, idempotency_key, request_hash, card_number, account_id, course_id, schedule_id, price, state,
        otp_nonce, otp_expires_at, otp_attempts, locked_until, invoice_number, redeem_code, void_reason, post_test_score,
        certificate_number, certificate_url, created_at,
        paid_at, redeemed_at, completed_at, voided_at
        """

    /// A purchase as stored, with what only the store needs: the hash of the request that
    /// started it (for idempotency) and the nonce its OTP is derived from.
    public struct Row: Sendable, Equatable {
        public var purchase: Purchase
        public var requestHash: String
        public var otpNonce: String
        public var lockedUntil: Date?
    }

    /// Inserts a reserved purchase; false when the card already has an unfinished purchase or
    /// the idempotency key was used (the caller tells which).
    public func insert(_ purchase: Purchase, requestHash: String, otpNonce: String) async throws -> Bool {
        try await sql.raw(
            """
            INSERT INTO purchases (id, platform_id, idempotency_key, request_hash, card_number, account_id, course_id,
                schedule_id, price, state, otp_nonce, otp_expires_at, created_at)
            VALUES (\(bind: purchase.id), \(bind: purchase.platformID), \(bind: purchase.idempotencyKey),
                \(bind: requestHash), \(bind: purchase.cardNumber.digits), \(bind: purchase.accountID),
                \(bind: purchase.courseID), \(bind: purchase.scheduleID), \(bind: purchase.price.amount),
                \(bind: purchase.state.rawValue), \(bind: otpNonce), \(bind: purchase.otpExpiresAt.millisecondsSince1970),
                \(bind: purchase.createdAt.millisecondsSince1970))
            ON CONFLICT DO NOTHING
            RETURNING id
            """
        ).first() != nil
    }

    /// The purchase, locked for update when `forUpdate` (PostgreSQL; SQLite's writer is alone).
    public func find(id: String, forUpdate: Bool = false) async throws -> Row? {
        let lock = forUpdate ? connection.dialect.forUpdate : ""
        return try await sql.raw("SELECT \(Self.columns) FROM purchases WHERE id = \(bind: id) \(unsafeRaw: lock)")
            .first().map(Self.row)
    }

    public func find(platformID: String, idempotencyKey: String) async throws -> Row? {
        try await sql.raw(
            """
            SELECT \(Self.columns) FROM purchases
            WHERE platform_id = \(bind: platformID) AND idempotency_key = \(bind: idempotencyKey)
            """
        ).first().map(Self.row)
    }

    public func find(redeemCode: String, forUpdate: Bool = false) async throws -> Row? {
        let lock = forUpdate ? connection.dialect.forUpdate : ""
        return try await sql.raw(
            "SELECT \(Self.columns) FROM purchases WHERE redeem_code = \(bind: redeemCode) \(unsafeRaw: lock)"
        ).first().map(Self.row)
    }

    /// The card's purchases, newest first.
    public func forCard(_ number: CardNumber) async throws -> [Row] {
        try await sql.raw(
            "SELECT \(Self.columns) FROM purchases WHERE card_number = \(bind: number.digits) ORDER BY created_at DESC, id DESC"
        ).all().map(Self.row)
    }

    /// Until when the card may not start a purchase after too many wrong OTPs, if it is locked.
    public func lockedUntil(card number: CardNumber, now: Date) async throws -> Date? {
        try await sql.raw(
            """
            SELECT MAX(locked_until) AS until FROM purchases
            WHERE card_number = \(bind: number.digits) AND locked_until > \(bind: now.millisecondsSince1970)
            """
        ).first()?.decode(column: "until", as: Int64?.self).map(Date.init(millisecondsSince1970:))
    }

    /// Counts an OTP attempt before the code is compared, so parallel guesses cannot outrun
    /// the limit; the attempts so far, or nil when the purchase is not reserved or has had `max`.
    public func reserveOTPAttempt(id: String, max: Int) async throws -> Int? {
        try await sql.raw(
            """
            UPDATE purchases SET otp_attempts = otp_attempts + 1
            WHERE id = \(bind: id) AND state = 'reserved' AND otp_attempts < \(bind: max)
            RETURNING otp_attempts
            """
        ).first()?.decode(column: "otp_attempts", as: Int.self)
    }

    public func markPaid(id: String, invoiceNumber: String, redeemCode: String, now: Date) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE purchases SET state = 'paid', invoice_number = \(bind: invoiceNumber),
                redeem_code = \(bind: redeemCode), paid_at = \(bind: now.millisecondsSince1970)
            WHERE id = \(bind: id) AND state = 'reserved'
            RETURNING id
            """
        ).first() != nil
    }

    /// Voids a purchase that is in one of `from`; `lockedUntil` locks the card meanwhile.
    public func markVoided(
        id: String, reason: String, from: [Purchase.State], lockedUntil: Date? = nil, now: Date
    ) async throws -> Bool {
        let allowed = SQLList(from.map { SQLBind($0.rawValue) })
        return try await sql.raw(
            """
            UPDATE purchases SET state = 'voided', void_reason = \(bind: reason),
                voided_at = \(bind: now.millisecondsSince1970), locked_until = \(bind: lockedUntil?.millisecondsSince1970)
            WHERE id = \(bind: id) AND state IN (\(allowed))
            RETURNING id
            """
        ).first() != nil
    }

    public func markRedeemed(id: String, now: Date) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE purchases SET state = 'redeemed', redeemed_at = \(bind: now.millisecondsSince1970)
            WHERE id = \(bind: id) AND state = 'paid'
            RETURNING id
            """
        ).first() != nil
    }

    public func markCompleted(id: String, completion: Completion, now: Date) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE purchases SET state = 'completed', completed_at = \(bind: now.millisecondsSince1970),
                post_test_score = \(bind: completion.postTestScore),
                certificate_number = \(bind: completion.certificateNumber),
                certificate_url = \(bind: completion.certificateURL)
            WHERE id = \(bind: id) AND state = 'redeemed'
            RETURNING id
            """
        ).first() != nil
    }

    /// Records attendance of one session; false when that sequence number was reported before.
    public func recordAttendance(purchaseID: String, sequence: Int, attendedAt: Date, now: Date) async throws -> Bool {
        try await sql.raw(
            """
            INSERT INTO purchase_attendance (purchase_id, sequence, attended_at, reported_at)
            VALUES (\(bind: purchaseID), \(bind: sequence), \(bind: attendedAt.millisecondsSince1970),
                \(bind: now.millisecondsSince1970))
            ON CONFLICT DO NOTHING
            RETURNING sequence
            """
        ).first() != nil
    }

    /// The session sequence numbers attended, in order.
    public func attendance(purchaseID: String) async throws -> [Int] {
        try await sql.raw(
            "SELECT sequence FROM purchase_attendance WHERE purchase_id = \(bind: purchaseID) ORDER BY sequence"
        ).all().map { try $0.decode(column: "sequence", as: Int.self) }
    }

    /// Reserved purchases whose OTP expired, and paid ones never redeemed by `redeemCutoff`
    /// (paid before it), at most `limit` of each kind, oldest first.
    public func lapsed(now: Date, redeemCutoff: Date, limit: Int) async throws -> [Row] {
        let reserved = try await sql.raw(
            """
            SELECT \(Self.columns) FROM purchases
            WHERE state = 'reserved' AND otp_expires_at <= \(bind: now.millisecondsSince1970)
            ORDER BY otp_expires_at, id LIMIT \(bind: limit)
            """
        ).all().map(Self.row)
        let unredeemed = try await sql.raw(
            """
            SELECT \(Self.columns) FROM purchases
            WHERE state = 'paid' AND paid_at <= \(bind: redeemCutoff.millisecondsSince1970)
            ORDER BY paid_at, id LIMIT \(bind: limit)
            """
        ).all().map(Self.row)
        return reserved + unredeemed
    }

    static func row(_ row: any SQLRow) throws -> Row {
        func date(_ column: String) throws -> Date? {
            try row.decode(column: column, as: Int64?.self).map(Date.init(millisecondsSince1970:))
        }
        let purchase = Purchase(
            id: try row.decode(column: "id", as: String.self),
            platformID: try row.decode(column: "platform_id", as: String.self),
            idempotencyKey: try row.decode(column: "idempotency_key", as: String.self),
            cardNumber: CardNumber(try row.decode(column: "card_number", as: String.self))
                ?? CardNumber(body: "00000000000"),
            accountID: try row.decode(column: "account_id", as: String.self),
            courseID: try row.decode(column: "course_id", as: String.self),
            scheduleID: try row.decode(column: "schedule_id", as: String.self),
            price: Rupiah(try row.decode(column: "price", as: Int64.self)),
            state: Purchase.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .voided,
            otpExpiresAt: Date(millisecondsSince1970: try row.decode(column: "otp_expires_at", as: Int64.self)),
            otpAttempts: try row.decode(column: "otp_attempts", as: Int.self),
            invoiceNumber: try row.decode(column: "invoice_number", as: String?.self),
            redeemCode: try row.decode(column: "redeem_code", as: String?.self),
            voidReason: try row.decode(column: "void_reason", as: String?.self),
            completion: try row.decode(column: "post_test_score", as: Int?.self).map { score in
                Completion(
                    postTestScore: score,
                    certificateNumber: try row.decode(column: "certificate_number", as: String?.self) ?? "",
                    certificateURL: try row.decode(column: "certificate_url", as: String?.self) ?? "")
            },
            createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
            paidAt: try date("paid_at"), redeemedAt: try date("redeemed_at"), completedAt: try date("completed_at"),
            voidedAt: try date("voided_at"))
        return Row(
            purchase: purchase, requestHash: try row.decode(column: "request_hash", as: String.self),
            otpNonce: try row.decode(column: "otp_nonce", as: String.self), lockedUntil: try date("locked_until"))
    }
}
