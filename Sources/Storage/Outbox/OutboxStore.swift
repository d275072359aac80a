import Foundation
import SQLKit

/// A message to the outside world, written in the same transaction as the change that causes it.
public struct OutboxMessage: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var payload: String
    /// Delivery attempts including the current one.
    public var attempts: Int
    public var createdAt: Date
}

public struct OutboxDepth: Sendable, Equatable {
    public var pending: Int
    public var dead: Int
    public var oldestPendingCreatedAt: Date?

    public init(pending: Int, dead: Int, oldestPendingCreatedAt: Date?) {
        self.pending = pending
        self.dead = dead
        self.oldestPendingCreatedAt = oldestPendingCreatedAt
    }
}

/// The outbox table: enqueue inside a business transaction; claim, complete or reschedule from
/// the worker. A claim is a lease: the message's next attempt time moves past the lease, so a
/// worker that dies mid-delivery leaves it to be claimed again later.
public struct OutboxStore: Sendable {
    let connection: StorageConnection
    private var sql: any SQLDatabase { connection.sql }

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    public func enqueue(kind: String, payload: String, now: Date) async throws {
        try await enqueue(kind: kind, payloads: [payload], now: now)
    }

    /// A message's payload, sealed before the transaction that queues it (the registration
    /// batcher seals on each request's own task, so its one writer only binds and writes).
    public struct SealedPayload: Sendable {
        let text: String

        public init(_ payload: String, cipher: FieldCipher) {
            text = cipher.seal(payload, column: .outboxPayload)
        }
    }

    /// Queues several messages of one kind, 1,000 per statement (one parameter per message;
    /// PostgreSQL takes at most 65,535 in one statement).
    public func enqueue(kind: String, payloads: [String], now: Date) async throws {
        try await enqueue(kind: kind, sealed: payloads.map { SealedPayload($0, cipher: connection.cipher) }, now: now)
    }

    public func enqueue(kind: String, sealed payloads: [SealedPayload], now: Date) async throws {
        let millis = now.millisecondsSince1970
        for start in stride(from: 0, to: payloads.count, by: 1_000) {
            let rows = SQLList(
                payloads[start..<min(start + 1_000, payloads.count)].map { SQLQueryString("(\(bind: $0.text))") })
            try await sql.raw(
                """
                INSERT INTO outbox (kind, payload, status, created_at, next_attempt_at)
                SELECT \(bind: kind), column1, 'pending', \(bind: millis), \(bind: millis) FROM (VALUES \(rows)) AS messages
                """
            ).run()
        }
    }

    /// Claims up to `limit` due messages, oldest first, for the worker named `worker`. Several
    /// workers may claim at once: on PostgreSQL rows another worker holds are skipped.
    public func claim(limit: Int, now: Date, lease: TimeInterval, worker: String) async throws -> [OutboxMessage] {
        let rows = try await sql.raw(
            """
            UPDATE outbox
            SET attempts = attempts + 1, next_attempt_at = \(bind: now.addingTimeInterval(lease).millisecondsSince1970),
                claimed_by = \(bind: worker)
            WHERE id IN (
                SELECT id FROM outbox
                WHERE status = 'pending' AND next_attempt_at <= \(bind: now.millisecondsSince1970)
                ORDER BY id
                LIMIT \(bind: limit)
                \(unsafeRaw: connection.dialect.forUpdateSkipLocked)
            )
            RETURNING id, kind, payload, attempts, created_at
            """
        ).all()
        return try rows.map { row in
            OutboxMessage(
                id: try row.decode(column: "id", as: Int64.self),
                kind: try row.decode(column: "kind", as: String.self),
                payload: try connection.cipher.open(
                    try row.decode(column: "payload", as: String.self), column: .outboxPayload),
                attempts: try row.decode(column: "attempts", as: Int.self),
                createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)))
        }
        .sorted { $0.id < $1.id }
    }

    /// Makes the pending messages `worker` had claimed due at once: a worker starting under the
    /// name of one that stopped without finishing (a crash) takes them back. Delivery stays at
    /// least once: a message may have reached its recipient before the crash.
    @discardableResult
    public func releaseClaims(of worker: String, now: Date) async throws -> Int {
        let rows = try await sql.raw(
            """
            UPDATE outbox SET next_attempt_at = \(bind: now.millisecondsSince1970), claimed_by = NULL
            WHERE status = 'pending' AND claimed_by = \(bind: worker)
                AND next_attempt_at > \(bind: now.millisecondsSince1970)
            RETURNING id
            """
        ).all()
        return rows.count
    }

    public func markDelivered(id: Int64, now: Date) async throws {
        try await sql.raw(
            """
            UPDATE outbox SET status = 'delivered', delivered_at = \(bind: now.millisecondsSince1970), last_error = NULL
            WHERE id = \(bind: id)
            """
        ).run()
    }

    /// Records a failed attempt: retried at `retryAt`, or dead-lettered when `retryAt` is nil.
    public func markFailed(id: Int64, error: String, retryAt: Date?) async throws {
        let message = String(error.prefix(500))
        if let retryAt {
            try await sql.raw(
                """
                UPDATE outbox SET next_attempt_at = \(bind: retryAt.millisecondsSince1970), last_error = \(bind: message)
                WHERE id = \(bind: id)
                """
            ).run()
        } else {
            try await sql.raw(
                "UPDATE outbox SET status = 'dead', last_error = \(bind: message) WHERE id = \(bind: id)"
            ).run()
        }
    }

    public func depth() async throws -> OutboxDepth {
        let row = try await sql.raw(
            """
            SELECT
                CAST(COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0) AS BIGINT) AS pending,
                CAST(COALESCE(SUM(CASE WHEN status = 'dead' THEN 1 ELSE 0 END), 0) AS BIGINT) AS dead,
                MIN(CASE WHEN status = 'pending' THEN created_at END) AS oldest
            FROM outbox WHERE status IN ('pending', 'dead')
            """
        ).first()
        guard let row else { return OutboxDepth(pending: 0, dead: 0, oldestPendingCreatedAt: nil) }
        return OutboxDepth(
            pending: Int(try row.decode(column: "pending", as: Int64.self)),
            dead: Int(try row.decode(column: "dead", as: Int64.self)),
            oldestPendingCreatedAt: try row.decode(column: "oldest", as: Int64?.self).map(
                Date.init(millisecondsSince1970:)))
    }

    /// A message by id, for tests and operators.
    public func status(id: Int64) async throws -> (status: String, attempts: Int, lastError: String?)? {
        guard
            let row = try await sql.raw("SELECT status, attempts, last_error FROM outbox WHERE id = \(bind: id)")
                .first()
        else { return nil }
        return (
            try row.decode(column: "status", as: String.self), try row.decode(column: "attempts", as: Int.self),
            try row.decode(column: "last_error", as: String?.self)
        )
    }
}
