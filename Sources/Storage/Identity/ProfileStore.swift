import Foundation
import SQLKit

/// A submitted profile and where its civil-registry check stands.
public struct ProfileRecord: Sendable, Equatable {
    public enum Status: String, Sendable { case pending, verified, rejected }

    public var accountID: String
    public var details: String
    public var status: Status
    public var reasons: [String]
    public var submittedAt: Date
}

public struct NIKConflict: Sendable, Equatable {
    public var id: Int64
    public var accountID: String
    public var holderAccountID: String?
    public var attemptedAt: Date
}

public struct ProfileStore: Sendable {
    let connection: StorageConnection
    private var sql: any SQLDatabase { connection.sql }

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    /// Inserts a pending profile; false when the account or the NIK already has one.
    public func insert(accountID: String, nikHash: String, kkHash: String, details: String, now: Date) async throws
        -> Bool
    {
        try await sql.raw(
            """
            INSERT INTO profiles (account_id, nik_hash, kk_hash, details, status, submitted_at)
            VALUES (\(bind: accountID), \(bind: nikHash), \(bind: kkHash),
                    \(bind: connection.cipher.seal(details, column: .profileDetails)),
                    \(bind: ProfileRecord.Status.pending.rawValue), \(bind: now.millisecondsSince1970))
            ON CONFLICT DO NOTHING
            RETURNING account_id
            """
        ).first() != nil
    }

    public func find(accountID: String) async throws -> ProfileRecord? {
        guard
            let row = try await sql.raw(
                "SELECT account_id, details, status, reasons, submitted_at FROM profiles WHERE account_id = \(bind: accountID)"
            ).first()
        else { return nil }
        let reasons = try row.decode(column: "reasons", as: String.self)
        return ProfileRecord(
            accountID: try row.decode(column: "account_id", as: String.self),
            details: try connection.cipher.open(
                try row.decode(column: "details", as: String.self), column: .profileDetails),
            status: ProfileRecord.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
            reasons: reasons.isEmpty ? [] : reasons.split(separator: ",").map(String.init),
            submittedAt: Date(millisecondsSince1970: try row.decode(column: "submitted_at", as: Int64.self)))
    }

    /// The keyed hash of the account's NIK.
    public func identityHash(accountID: String) async throws -> String? {
        try await sql.raw("SELECT nik_hash FROM profiles WHERE account_id = \(bind: accountID)").first()?
            .decode(column: "nik_hash", as: String.self)
    }

    /// The keyed hash of the account's family card (KK) number.
    public func familyCardHash(accountID: String) async throws -> String? {
        try await sql.raw("SELECT kk_hash FROM profiles WHERE account_id = \(bind: accountID)").first()?
            .decode(column: "kk_hash", as: String.self)
    }

    public func recordConflict(nikHash: String, accountID: String, now: Date) async throws {
        try await sql.raw(
            """
            INSERT INTO nik_conflicts (nik_hash, account_id, attempted_at)
            VALUES (\(bind: nikHash), \(bind: accountID), \(bind: now.millisecondsSince1970))
            """
        ).run()
    }

    /// Attempts to claim a NIK another account holds, newest first, for fraud review: the
    /// account that tried, when, and who holds the NIK.
    public func recentConflicts(limit: Int) async throws -> [NIKConflict] {
        try await sql.raw(
            """
            SELECT c.id, c.account_id, c.attempted_at, p.account_id AS holder
            FROM nik_conflicts c LEFT JOIN profiles p ON p.nik_hash = c.nik_hash
            ORDER BY c.id DESC LIMIT \(bind: limit)
            """
        ).all().map { row in
            NIKConflict(
                id: try row.decode(column: "id", as: Int64.self),
                accountID: try row.decode(column: "account_id", as: String.self),
                holderAccountID: try row.decode(column: "holder", as: String?.self),
                attemptedAt: Date(millisecondsSince1970: try row.decode(column: "attempted_at", as: Int64.self)))
        }
    }

    public func conflictCount(nikHash: String) async throws -> Int {
        let row = try await sql.raw("SELECT COUNT(*) AS conflicts FROM nik_conflicts WHERE nik_hash = \(bind: nikHash)")
            .first()
        return Int(try row?.decode(column: "conflicts", as: Int64.self) ?? 0)
    }

    /// Records the registry's verdict on a pending profile; false if it was no longer pending.
    public func markChecked(accountID: String, status: ProfileRecord.Status, reasons: [String], now: Date) async throws
        -> Bool
    {
        try await sql.raw(
            """
            UPDATE profiles SET status = \(bind: status.rawValue), reasons = \(bind: reasons.joined(separator: ",")),
                checked_at = \(bind: now.millisecondsSince1970)
            WHERE account_id = \(bind: accountID) AND status = \(bind: ProfileRecord.Status.pending.rawValue)
            RETURNING account_id
            """
        ).first() != nil
    }
}
