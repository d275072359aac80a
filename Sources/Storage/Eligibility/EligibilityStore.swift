import Foundation
import SQLKit

/// An eligibility decision as recorded: the scheme version it applied, the date it was made
/// for, and the stable codes of every reason against.
public struct EligibilityRecord: Sendable, Equatable {
    public var id: String
    public var accountID: String
    public var schemeCode: String
    public var schemeVersion: Int
    /// The date (YYYY-MM-DD) ages were computed on.
    public var decidedFor: String
    public var isEligible: Bool
    public var reasons: [String]
    public var decidedAt: Date

    public init(
        id: String, accountID: String, schemeCode: String, schemeVersion: Int, decidedFor: String, isEligible: Bool,
        reasons: [String], decidedAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.schemeCode = schemeCode
        self.schemeVersion = schemeVersion
        self.decidedFor = decidedFor
        self.isEligible = isEligible
        self.reasons = reasons
        self.decidedAt = decidedAt
    }
}

public struct EligibilityStore: Sendable {
    let connection: StorageConnection
    private var sql: any SQLDatabase { connection.sql }

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    public func insert(_ record: EligibilityRecord) async throws {
        try await sql.raw(
            """
            INSERT INTO eligibility_decisions
                (id, account_id, scheme_code, scheme_version, decided_for, eligible, reasons, decided_at)
            VALUES (\(bind: record.id), \(bind: record.accountID), \(bind: record.schemeCode),
                    \(bind: record.schemeVersion), \(bind: record.decidedFor), \(bind: record.isEligible),
                    \(bind: record.reasons.joined(separator: ",")), \(bind: record.decidedAt.millisecondsSince1970))
            """
        ).run()
    }

    /// The most recent decision for an account.
    public func latest(accountID: String) async throws -> EligibilityRecord? {
        guard
            let row = try await sql.raw(
                """
                SELECT id, account_id, scheme_code, scheme_version, decided_for, eligible, reasons, decided_at
                FROM eligibility_decisions WHERE account_id = \(bind: accountID)
                ORDER BY decided_at DESC, id DESC LIMIT 1
                """
            ).first()
        else { return nil }
        let reasons = try row.decode(column: "reasons", as: String.self)
        return EligibilityRecord(
            id: try row.decode(column: "id", as: String.self),
            accountID: try row.decode(column: "account_id", as: String.self),
            schemeCode: try row.decode(column: "scheme_code", as: String.self),
            schemeVersion: try row.decode(column: "scheme_version", as: Int.self),
            decidedFor: try row.decode(column: "decided_for", as: String.self),
            isEligible: try row.decode(column: "eligible", as: Bool.self),
            reasons: reasons.isEmpty ? [] : reasons.split(separator: ",").map(String.init),
            decidedAt: Date(millisecondsSince1970: try row.decode(column: "decided_at", as: Int64.self)))
    }

    /// Eligible people already counted on a family card, with the card's row locked until
    /// the transaction ends (PostgreSQL; SQLite's single writer gives the same guarantee).
    public func placesTaken(kkHash: String) async throws -> Int {
        try await sql.raw(
            "INSERT INTO family_card_places (kk_hash, taken) VALUES (\(bind: kkHash), 0) ON CONFLICT DO NOTHING"
        ).run()
        let row = try await sql.raw(
            """
            SELECT taken FROM family_card_places WHERE kk_hash = \(bind: kkHash)
            \(unsafeRaw: connection.dialect.forUpdate)
            """
        ).first()
        return try row?.decode(column: "taken", as: Int.self) ?? 0
    }

    public func takePlace(kkHash: String) async throws {
        try await sql.raw("UPDATE family_card_places SET taken = taken + 1 WHERE kk_hash = \(bind: kkHash)").run()
    }
}
