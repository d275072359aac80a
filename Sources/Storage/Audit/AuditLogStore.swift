import Foundation
import SQLKit

/// One entry of the audit log, as stored.
public struct AuditEntry: Sendable, Equatable {
    public var seq: Int64
    public var at: Date
    public var event: String
    public var actor: String
    public var subject: String
    /// JSON object of strings; never personal data.
    public var details: String
    public var previousHash: String
    public var hash: String

    public init(
        seq: Int64, at: Date, event: String, actor: String, subject: String, details: String,
        previousHash: String, hash: String
    ) {
        self.seq = seq
        self.at = at
        self.event = event
        self.actor = actor
        self.subject = subject
        self.details = details
        self.previousHash = previousHash
        self.hash = hash
    }
}

public struct AuditLogStore: Sendable {
    let connection: StorageConnection
    private var sql: any SQLDatabase { connection.sql }

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    /// The newest entry's number and hash (0 and "" for an empty log), locked for the rest of
    /// the transaction so appends from several processes form one chain.
    public func lockHead() async throws -> (seq: Int64, hash: String) {
        guard
            let row = try await sql.raw(
                "SELECT seq, hash FROM audit_head WHERE id = 1 \(unsafeRaw: connection.dialect.forUpdate)"
            ).first()
        else { return (0, "") }
        return (try row.decode(column: "seq", as: Int64.self), try row.decode(column: "hash", as: String.self))
    }

    /// The head without locking, for verification.
    public func head() async throws -> (seq: Int64, hash: String) {
        guard let row = try await sql.raw("SELECT seq, hash FROM audit_head WHERE id = 1").first() else {
            return (0, "")
        }
        return (try row.decode(column: "seq", as: Int64.self), try row.decode(column: "hash", as: String.self))
    }

    /// Appends an entry and makes it the head. Call after `lockHead` in the same transaction.
    public func append(_ entry: AuditEntry) async throws {
        try await sql.raw(
            """
            INSERT INTO audit_log (seq, at, event, actor, subject, details, previous_hash, hash)
            VALUES (\(bind: entry.seq), \(bind: entry.at.millisecondsSince1970), \(bind: entry.event),
                    \(bind: entry.actor), \(bind: entry.subject), \(bind: entry.details),
                    \(bind: entry.previousHash), \(bind: entry.hash))
            """
        ).run()
        try await sql.raw("UPDATE audit_head SET seq = \(bind: entry.seq), hash = \(bind: entry.hash) WHERE id = 1")
            .run()
    }

    /// Entries in order, starting after `seq`.
    public func entries(after seq: Int64, limit: Int) async throws -> [AuditEntry] {
        try await sql.raw(
            """
            SELECT seq, at, event, actor, subject, details, previous_hash, hash FROM audit_log
            WHERE seq > \(bind: seq) ORDER BY seq LIMIT \(bind: limit)
            """
        ).all().map(Self.entry)
    }

    /// The newest entries first, optionally of one event.
    public func latest(event: String?, limit: Int) async throws -> [AuditEntry] {
        let filter: SQLQueryString = event.map { "WHERE event = \(bind: $0)" } ?? ""
        return try await sql.raw(
            """
            SELECT seq, at, event, actor, subject, details, previous_hash, hash FROM audit_log
            \(filter) ORDER BY seq DESC LIMIT \(bind: limit)
            """
        ).all().map(Self.entry)
    }

    private static func entry(_ row: any SQLRow) throws -> AuditEntry {
        AuditEntry(
            seq: try row.decode(column: "seq", as: Int64.self),
            at: Date(millisecondsSince1970: try row.decode(column: "at", as: Int64.self)),
            event: try row.decode(column: "event", as: String.self),
            actor: try row.decode(column: "actor", as: String.self),
            subject: try row.decode(column: "subject", as: String.self),
            details: try row.decode(column: "details", as: String.self),
            previousHash: try row.decode(column: "previous_hash", as: String.self),
            hash: try row.decode(column: "hash", as: String.self))
    }
}
