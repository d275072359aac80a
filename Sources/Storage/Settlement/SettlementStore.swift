import Domain
import Foundation
import SQLKit

/// What is owed per platform for redeemed purchases not yet settled, and the settlement runs.
public struct SettlementStore: Sendable {
    let connection: StorageConnection
    var sql: any SQLDatabase { connection.sql }

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    /// What one platform is owed for one scheme version's money.
    public struct Owed: Sendable, Hashable {
        public var platformID: String
        /// `2023 v1`, as the ledger's postings name it.
        public var scheme: String
    }

    /// Redeemed or completed purchases no settlement has paid, per platform and scheme version
    /// (of the card's wave): their ids and total.
    public func owed() async throws -> [Owed: (ids: [String], amount: Int64)] {
        var owed: [Owed: (ids: [String], amount: Int64)] = [:]
        for row in try await sql.raw(
            """
            SELECT purchases.id, purchases.platform_id, purchases.price, waves.scheme_code, waves.scheme_version
            FROM purchases
            JOIN cards ON cards.number = purchases.card_number
            JOIN waves ON waves.id = cards.wave_id
            WHERE purchases.settlement_id IS NULL AND purchases.state IN ('redeemed', 'completed')
            ORDER BY purchases.platform_id, purchases.id
            """
        ).all() {
            let key = Owed(
                platformID: try row.decode(column: "platform_id", as: String.self),
                scheme:
                    "\(try row.decode(column: "scheme_code", as: String.self)) v\(try row.decode(column: "scheme_version", as: Int.self))"
            )
            var entry = owed[key] ?? ([], 0)
            entry.ids.append(try row.decode(column: "id", as: String.self))
            entry.amount += try row.decode(column: "price", as: Int64.self)
            owed[key] = entry
        }
        return owed
    }

    /// Marks purchases paid by settlement `id`, 1,000 per statement; how many it marked.
    public func mark(_ purchaseIDs: [String], settlementID: String) async throws -> Int {
        var marked = 0
        for start in stride(from: 0, to: purchaseIDs.count, by: 1_000) {
            let list = SQLList(purchaseIDs[start..<min(start + 1_000, purchaseIDs.count)].map { SQLBind($0) })
            marked += try await sql.raw(
                """
                UPDATE purchases SET settlement_id = \(bind: settlementID)
                WHERE id IN (\(list)) AND settlement_id IS NULL
                RETURNING id
                """
            ).all().count
        }
        return marked
    }

    public func insert(_ settlement: Settlement, actor: String) async throws {
        try await sql.raw(
            """
            INSERT INTO settlements (id, actor, lines, total, created_at)
            VALUES (\(bind: settlement.id), \(bind: actor),
                \(bind: String(decoding: try JSONEncoder().encode(settlement.lines), as: UTF8.self)),
                \(bind: settlement.total.amount), \(bind: settlement.createdAt.millisecondsSince1970))
            """
        ).run()
    }

    /// Settlement runs, newest first.
    public func all(limit: Int) async throws -> [Settlement] {
        try await sql.raw(
            "SELECT id, lines, created_at FROM settlements ORDER BY created_at DESC, id DESC LIMIT \(bind: limit)"
        ).all().map(Self.settlement)
    }

    public func find(id: String) async throws -> Settlement? {
        try await sql.raw("SELECT id, lines, created_at FROM settlements WHERE id = \(bind: id)").first().map(
            Self.settlement)
    }

    static func settlement(_ row: any SQLRow) throws -> Settlement {
        Settlement(
            id: try row.decode(column: "id", as: String.self),
            createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
            lines: try JSONDecoder().decode(
                [Settlement.Line].self, from: Data(try row.decode(column: "lines", as: String.self).utf8)))
    }
}
