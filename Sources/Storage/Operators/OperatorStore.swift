import Domain
import Foundation
import SQLKit

/// An operator account as stored (the TOTP secret opened).
public struct OperatorRecord: Sendable, Equatable {
    public var id: String
    public var username: String
    public var passwordHash: String
    public var totpSecret: [UInt8]
    public var lastTOTPStep: Int64
    public var roles: Set<OperatorRole>
    public var isDisabled: Bool
}

public struct OperatorStore: Sendable {
    let connection: StorageConnection
    private var sql: any SQLDatabase { connection.sql }
    static let columns: SQLQueryString =
        "id, username, password_hash, totp_secret, last_totp_step, roles, disabled_at"

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    /// False when the username is taken.
    public func insert(
        id: String, username: String, passwordHash: String, totpSecret: [UInt8], roles: Set<OperatorRole>, now: Date
    ) async throws -> Bool {
        let sealed = connection.cipher.seal(Data(totpSecret).base64EncodedString(), column: .operatorTOTPSecret)
        return try await sql.raw(
            """
            INSERT INTO operators (id, username, password_hash, totp_secret, roles, created_at)
            VALUES (\(bind: id), \(bind: username), \(bind: passwordHash), \(bind: sealed), \(bind: roles.text),
                    \(bind: now.millisecondsSince1970))
            ON CONFLICT DO NOTHING
            RETURNING id
            """
        ).first() != nil
    }

    public func count() async throws -> Int {
        let row = try await sql.raw("SELECT COUNT(*) AS operators FROM operators").first()
        return Int(try row?.decode(column: "operators", as: Int64.self) ?? 0)
    }

    public func find(username: String) async throws -> OperatorRecord? {
        try await sql.raw("SELECT \(Self.columns) FROM operators WHERE username = \(bind: username)").first()
            .map(record)
    }

    public func find(id: String) async throws -> OperatorRecord? {
        try await sql.raw("SELECT \(Self.columns) FROM operators WHERE id = \(bind: id)").first().map(record)
    }

    public func all() async throws -> [OperatorRecord] {
        try await sql.raw("SELECT \(Self.columns) FROM operators ORDER BY username").all().map(record)
    }

    /// Records the TOTP step just used, if it is later than the last one (one use per code).
    public func useTOTPStep(id: String, step: Int64) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE operators SET last_totp_step = \(bind: step)
            WHERE id = \(bind: id) AND last_totp_step < \(bind: step)
            RETURNING id
            """
        ).first() != nil
    }

    public func setRoles(id: String, roles: Set<OperatorRole>) async throws -> Bool {
        try await sql.raw("UPDATE operators SET roles = \(bind: roles.text) WHERE id = \(bind: id) RETURNING id")
            .first() != nil
    }

    /// Disables an operator and ends their sessions; false when there is no such operator.
    public func disable(id: String, now: Date) async throws -> Bool {
        guard
            try await sql.raw(
                """
                UPDATE operators SET disabled_at = COALESCE(disabled_at, \(bind: now.millisecondsSince1970))
                WHERE id = \(bind: id) RETURNING id
                """
            ).first() != nil
        else { return false }
        try await deleteSessions(operatorID: id)
        return true
    }

    public func insertSession(tokenHash: String, operatorID: String, now: Date, expiresAt: Date) async throws {
        try await sql.raw(
            """
            INSERT INTO operator_sessions (token_hash, operator_id, created_at, expires_at)
            VALUES (\(bind: tokenHash), \(bind: operatorID), \(bind: now.millisecondsSince1970),
                    \(bind: expiresAt.millisecondsSince1970))
            """
        ).run()
    }

    /// The enabled operator a live session belongs to.
    public func operatorForSession(tokenHash: String, now: Date) async throws -> OperatorRecord? {
        try await sql.raw(
            """
            SELECT o.id, o.username, o.password_hash, o.totp_secret, o.last_totp_step, o.roles, o.disabled_at
            FROM operator_sessions s JOIN operators o ON o.id = s.operator_id
            WHERE s.token_hash = \(bind: tokenHash) AND s.expires_at > \(bind: now.millisecondsSince1970)
              AND o.disabled_at IS NULL
            """
        ).first().map(record)
    }

    /// Forgets sessions that have expired.
    public func purgeSessions(expiredBy now: Date) async throws {
        try await sql.raw("DELETE FROM operator_sessions WHERE expires_at <= \(bind: now.millisecondsSince1970)").run()
    }

    public func deleteSession(tokenHash: String) async throws {
        try await sql.raw("DELETE FROM operator_sessions WHERE token_hash = \(bind: tokenHash)").run()
    }

    public func deleteSessions(operatorID: String) async throws {
        try await sql.raw("DELETE FROM operator_sessions WHERE operator_id = \(bind: operatorID)").run()
    }

    private func record(_ row: any SQLRow) throws -> OperatorRecord {
        let sealed = try row.decode(column: "totp_secret", as: String.self)
        let secret = Data(base64Encoded: try connection.cipher.open(sealed, column: .operatorTOTPSecret)) ?? Data()
        return OperatorRecord(
            id: try row.decode(column: "id", as: String.self),
            username: try row.decode(column: "username", as: String.self),
            passwordHash: try row.decode(column: "password_hash", as: String.self),
            totpSecret: Array(secret),
            lastTOTPStep: try row.decode(column: "last_totp_step", as: Int64.self),
            roles: OperatorRole.parseList(try row.decode(column: "roles", as: String.self)) ?? [],
            isDisabled: try row.decode(column: "disabled_at", as: Int64?.self) != nil)
    }
}
