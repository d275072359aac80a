import Domain
import Foundation
import SQLKit

/// A card issued to a selected person.
public struct CardRecord: Sendable, Equatable {
    public var number: CardNumber
    public var accountID: String
    public var waveID: String
    public var kkHash: String
    public var ledgerAccount: String
    public var issuedAt: Date
    public var purchaseDeadlineAt: Date
    public var firstPurchaseAt: Date?
    public var revokedAt: Date?

    public init(
        number: CardNumber, accountID: String, waveID: String, kkHash: String, ledgerAccount: String, issuedAt: Date,
        purchaseDeadlineAt: Date, firstPurchaseAt: Date? = nil, revokedAt: Date? = nil
    ) {
        self.number = number
        self.accountID = accountID
        self.waveID = waveID
        self.kkHash = kkHash
        self.ledgerAccount = ledgerAccount
        self.issuedAt = issuedAt
        self.purchaseDeadlineAt = purchaseDeadlineAt
        self.firstPurchaseAt = firstPurchaseAt
        self.revokedAt = revokedAt
    }
}

/// Issued cards: one per recipient, ever.
public struct CardStore: Sendable {
    let connection: StorageConnection
    var sql: any SQLDatabase { connection.sql }

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    public enum Inserted: Sendable, Equatable {
        case inserted
        /// The account already holds a card.
        case accountHasCard
        /// The number is taken (draw another).
        case numberTaken
    }

    /// Issues several cards, 1,000 per statement; the numbers issued. A card whose number (or
    /// account) is taken is left out, so the caller draws another number for it.
    public func insert(_ cards: [CardRecord]) async throws -> Set<String> {
        var issued = Set<String>()
        for start in stride(from: 0, to: cards.count, by: 1_000) {
            let rows = SQLList(
                cards[start..<min(start + 1_000, cards.count)].map { card in
                    SQLQueryString(
                        "(\(bind: card.number.digits), \(bind: card.accountID), \(bind: card.waveID), \(bind: card.kkHash), \(bind: card.ledgerAccount), \(bind: card.issuedAt.millisecondsSince1970), \(bind: card.purchaseDeadlineAt.millisecondsSince1970))"
                    )
                })
            for row in try await sql.raw(
                """
                INSERT INTO cards (number, account_id, wave_id, kk_hash, ledger_account, issued_at, purchase_deadline_at)
                VALUES \(rows)
                ON CONFLICT DO NOTHING
                RETURNING number
                """
            ).all() {
                issued.insert(try row.decode(column: "number", as: String.self))
            }
        }
        return issued
    }

    public func insert(_ card: CardRecord) async throws -> Inserted {
        if try await find(accountID: card.accountID) != nil { return .accountHasCard }
        let inserted = try await sql.raw(
            """
            INSERT INTO cards (number, account_id, wave_id, kk_hash, ledger_account, issued_at, purchase_deadline_at)
            VALUES (\(bind: card.number.digits), \(bind: card.accountID), \(bind: card.waveID), \(bind: card.kkHash),
                \(bind: card.ledgerAccount), \(bind: card.issuedAt.millisecondsSince1970),
                \(bind: card.purchaseDeadlineAt.millisecondsSince1970))
            ON CONFLICT (number) DO NOTHING
            RETURNING number
            """
        ).first()
        return inserted == nil ? .numberTaken : .inserted
    }

    public func find(accountID: String) async throws -> CardRecord? {
        try await sql.raw(
            """
            SELECT number, account_id, wave_id, kk_hash, ledger_account, issued_at, purchase_deadline_at,
                first_purchase_at, revoked_at
            FROM cards WHERE account_id = \(bind: accountID)
            """
        ).first().map(Self.card)
    }

    /// Recipients (cards ever issued, revoked ones included) per family card, for those given.
    public func recipients(kkHashes: [String]) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for start in stride(from: 0, to: kkHashes.count, by: 1_000) {
            let list = SQLList(kkHashes[start..<min(start + 1_000, kkHashes.count)].map { SQLBind($0) })
            for row in try await sql.raw(
                "SELECT kk_hash, COUNT(*) AS n FROM cards WHERE kk_hash IN (\(list)) GROUP BY kk_hash"
            ).all() {
                counts[try row.decode(column: "kk_hash", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }

    /// Cards past their purchase deadline with no purchase, not yet revoked (at most `limit`).
    /// A card whose purchase waits for its OTP is left until that purchase is paid (then it has
    /// its first purchase) or voided (then its money is back and it is revoked on a later run).
    public func expired(at now: Date, limit: Int) async throws -> [CardRecord] {
        try await sql.raw(
            """
            SELECT number, account_id, wave_id, kk_hash, ledger_account, issued_at, purchase_deadline_at,
                first_purchase_at, revoked_at
            FROM cards
            WHERE revoked_at IS NULL AND first_purchase_at IS NULL AND purchase_deadline_at <= \(bind: now.millisecondsSince1970)
                AND NOT EXISTS (
                    SELECT 1 FROM purchases WHERE purchases.card_number = cards.number AND purchases.state = 'reserved')
            ORDER BY purchase_deadline_at, number LIMIT \(bind: limit)
            """
        ).all().map(Self.card)
    }

    /// The numbers of the cards a wave issued.
    public func numbers(waveID: String) async throws -> [String] {
        try await sql.raw("SELECT number FROM cards WHERE wave_id = \(bind: waveID) ORDER BY number").all().map {
            try $0.decode(column: "number", as: String.self)
        }
    }

    public func find(number: CardNumber) async throws -> CardRecord? {
        try await sql.raw(
            """
            SELECT number, account_id, wave_id, kk_hash, ledger_account, issued_at, purchase_deadline_at,
                first_purchase_at, revoked_at
            FROM cards WHERE number = \(bind: number.digits)
            """
        ).first().map(Self.card)
    }

    /// Records the card's first purchase, which stops its purchase-deadline clock; false when
    /// it had one already.
    @discardableResult
    public func markFirstPurchase(number: CardNumber, at now: Date) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE cards SET first_purchase_at = \(bind: now.millisecondsSince1970)
            WHERE number = \(bind: number.digits) AND first_purchase_at IS NULL
            RETURNING number
            """
        ).first() != nil
    }

    /// Marks a card revoked; false when it already was or was used meanwhile (another node got
    /// there first, or a purchase landed).
    public func revoke(number: CardNumber, at now: Date) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE cards SET revoked_at = \(bind: now.millisecondsSince1970)
            WHERE number = \(bind: number.digits) AND revoked_at IS NULL AND first_purchase_at IS NULL
                AND NOT EXISTS (
                    SELECT 1 FROM purchases WHERE purchases.card_number = cards.number AND purchases.state = 'reserved')
            RETURNING number
            """
        ).first() != nil
    }

    static func card(_ row: any SQLRow) throws -> CardRecord {
        CardRecord(
            number: CardNumber(try row.decode(column: "number", as: String.self)) ?? CardNumber(body: "00000000000"),
            accountID: try row.decode(column: "account_id", as: String.self),
            waveID: try row.decode(column: "wave_id", as: String.self),
            kkHash: try row.decode(column: "kk_hash", as: String.self),
            ledgerAccount: try row.decode(column: "ledger_account", as: String.self),
            issuedAt: Date(millisecondsSince1970: try row.decode(column: "issued_at", as: Int64.self)),
            purchaseDeadlineAt: Date(
                millisecondsSince1970: try row.decode(column: "purchase_deadline_at", as: Int64.self)),
            firstPurchaseAt: try row.decode(column: "first_purchase_at", as: Int64?.self).map(
                Date.init(millisecondsSince1970:)),
            revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(Date.init(millisecondsSince1970:)))
    }
}
