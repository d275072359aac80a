import Foundation
import SQLKit

/// The password recovery code of an account: its nonce (the emailed code is derived from it),
/// when it was issued and how many guesses it has had. A new request replaces the old code.
public struct PasswordResetStore: Sendable {
    let connection: StorageConnection
    private var sql: any SQLDatabase { connection.sql }

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    public struct Reset: Sendable, Equatable {
        public let nonce: String
        public let issuedAt: Date
        public let attempts: Int
    }

    public func issue(accountID: String, nonce: String, now: Date) async throws {
        try await sql.raw(
            """
            UPDATE accounts SET reset_nonce = \(bind: nonce), reset_issued_at = \(bind: now.millisecondsSince1970),
                reset_attempts = 0
            WHERE id = \(bind: accountID)
            """
        ).run()
    }

    public func current(accountID: String) async throws -> Reset? {
        guard
            let row = try await sql.raw(
                "SELECT reset_nonce, reset_issued_at, reset_attempts FROM accounts WHERE id = \(bind: accountID)"
            ).first(),
            let nonce = try row.decode(column: "reset_nonce", as: String?.self),
            let issued = try row.decode(column: "reset_issued_at", as: Int64?.self)
        else { return nil }
        return Reset(
            nonce: nonce, issuedAt: Date(millisecondsSince1970: issued),
            attempts: try row.decode(column: "reset_attempts", as: Int.self))
    }

    /// Counts one guess against the current code, atomically; false when none are left.
    public func reserveAttempt(accountID: String, nonce: String, maxAttempts: Int) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE accounts SET reset_attempts = reset_attempts + 1
            WHERE id = \(bind: accountID) AND reset_nonce = \(bind: nonce) AND reset_attempts < \(bind: maxAttempts)
            RETURNING id
            """
        ).first() != nil
    }

    /// Sets the new password and uses the code up; false when the code was already used or replaced.
    public func complete(accountID: String, nonce: String, passwordHash: String) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE accounts SET password_hash = \(bind: passwordHash), reset_nonce = NULL, reset_issued_at = NULL
            WHERE id = \(bind: accountID) AND reset_nonce = \(bind: nonce)
            RETURNING id
            """
        ).first() != nil
    }
}
