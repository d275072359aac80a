import Foundation
import SQLKit

/// Login sessions (stored by token hash only) and the pending login challenges before them.
public struct SessionStore: Sendable {
    let connection: StorageConnection
    private var sql: any SQLDatabase { connection.sql }

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    public func insertSession(tokenHash: String, accountID: String, now: Date, expiresAt: Date) async throws {
        try await sql.raw(
            """
            INSERT INTO sessions (token_hash, account_id, created_at, expires_at)
            VALUES (\(bind: tokenHash), \(bind: accountID), \(bind: now.millisecondsSince1970),
                    \(bind: expiresAt.millisecondsSince1970))
            """
        ).run()
    }

    /// The account a live session belongs to.
    public func accountID(forTokenHash tokenHash: String, now: Date) async throws -> String? {
        try await sql.raw(
            """
            SELECT account_id FROM sessions
            WHERE token_hash = \(bind: tokenHash) AND expires_at > \(bind: now.millisecondsSince1970)
            """
        ).first()?.decode(column: "account_id", as: String.self)
    }

    /// Ends every session of an account, as a password change must.
    public func deleteSessions(accountID: String) async throws {
        try await sql.raw("DELETE FROM sessions WHERE account_id = \(bind: accountID)").run()
    }

    public func deleteSession(tokenHash: String) async throws {
        try await sql.raw("DELETE FROM sessions WHERE token_hash = \(bind: tokenHash)").run()
    }

    /// Uses up every login challenge of an account not yet completed, as a password change must:
    /// a login started with the old password cannot finish with its emailed code.
    public func endPendingChallenges(accountID: String, now: Date) async throws {
        try await sql.raw(
            """
            UPDATE login_challenges SET consumed_at = \(bind: now.millisecondsSince1970)
            WHERE account_id = \(bind: accountID) AND consumed_at IS NULL
            """
        ).run()
    }

    public func insertChallenge(id: String, accountID: String, now: Date) async throws {
        try await sql.raw(
            """
            INSERT INTO login_challenges (id, account_id, created_at)
            VALUES (\(bind: id), \(bind: accountID), \(bind: now.millisecondsSince1970))
            """
        ).run()
    }

    public struct Challenge: Sendable {
        public var accountID: String
        public var createdAt: Date
        public var attempts: Int
        public var consumed: Bool
    }

    /// A decoy: a challenge that looks and counts like a real one and never signs anyone in.
    public func insertDecoy(id: String, now: Date) async throws {
        try await sql.raw(
            "INSERT INTO login_decoys (id, created_at) VALUES (\(bind: id), \(bind: now.millisecondsSince1970))"
        ).run()
    }

    /// A challenge or a decoy (whose account id is empty).
    public func challenge(id: String) async throws -> Challenge? {
        guard
            let row = try await sql.raw(
                """
                SELECT account_id, created_at, attempts, consumed_at FROM login_challenges WHERE id = \(bind: id)
                UNION ALL
                SELECT '' AS account_id, created_at, attempts, consumed_at FROM login_decoys WHERE id = \(bind: id)
                """
            ).first()
        else { return nil }
        return Challenge(
            accountID: try row.decode(column: "account_id", as: String.self),
            createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
            attempts: try row.decode(column: "attempts", as: Int.self),
            consumed: try row.decode(column: "consumed_at", as: Int64?.self) != nil)
    }

    /// Counts one guess against a challenge, atomically; false when none are left.
    public func reserveChallengeAttempt(id: String, maxAttempts: Int) async throws -> Bool {
        for table in ["login_challenges", "login_decoys"] {
            let reserved = try await sql.raw(
                """
                UPDATE \(unsafeRaw: table) SET attempts = attempts + 1
                WHERE id = \(bind: id) AND attempts < \(bind: maxAttempts) AND consumed_at IS NULL
                RETURNING id
                """
            ).first()
            if reserved != nil { return true }
        }
        return false
    }

    /// Uses a challenge up; false if it was already used.
    public func consumeChallenge(id: String, now: Date) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE login_challenges SET consumed_at = \(bind: now.millisecondsSince1970)
            WHERE id = \(bind: id) AND consumed_at IS NULL
            RETURNING id
            """
        ).first() != nil
    }

    /// Forgets sessions that have expired and login challenges created before `cutoff`.
    public func purge(sessionsExpiredBy now: Date, challengesCreatedBefore cutoff: Date) async throws {
        try await sql.raw("DELETE FROM sessions WHERE expires_at <= \(bind: now.millisecondsSince1970)").run()
        try await sql.raw(
            "DELETE FROM login_challenges WHERE created_at < \(bind: cutoff.millisecondsSince1970)"
        ).run()
        try await sql.raw("DELETE FROM login_decoys WHERE created_at < \(bind: cutoff.millisecondsSince1970)").run()
    }
}
