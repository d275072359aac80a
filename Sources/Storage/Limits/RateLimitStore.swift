import Foundation
import SQLKit

/// Rate-limit counters: one atomic increment per request, in the caller's transaction.
public struct RateLimitStore: Sendable {
    let connection: StorageConnection

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    /// One counter: a bucket's window.
    public struct Window: Hashable, Sendable {
        public let bucket: String
        public let start: Int64

        public init(bucket: String, start: Int64) {
            self.bucket = bucket
            self.start = start
        }
    }

    /// Counts `hits` requests in each of several windows with one statement; returns each
    /// window's count afterwards. Each window may appear once.
    public func hit(_ counts: [Window: Int]) async throws -> [Window: Int] {
        guard !counts.isEmpty else { return [:] }
        // Rows in one fixed order: two transactions counting the same windows lock them in the
        // same order, so PostgreSQL never finds them waiting on each other (a deadlock).
        let ordered = counts.sorted { ($0.key.bucket, $0.key.start) < ($1.key.bucket, $1.key.start) }
        let rows = SQLList(
            ordered.map { SQLQueryString("(\(bind: $0.key.bucket), \(bind: $0.key.start), \(bind: $0.value))") })
        let result = try await connection.sql.raw(
            """
            INSERT INTO rate_limit_hits (bucket, window_start, hits) VALUES \(rows)
            ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_hits.hits + excluded.hits
            RETURNING bucket, window_start, hits
            """
        ).all()
        var totals: [Window: Int] = [:]
        for row in result {
            let window = Window(
                bucket: try row.decode(column: "bucket", as: String.self),
                start: try row.decode(column: "window_start", as: Int64.self))
            totals[window] = try row.decode(column: "hits", as: Int.self)
        }
        return totals
    }

    /// A window's count so far (0 when it has none).
    public func count(_ window: Window) async throws -> Int {
        try await connection.sql.raw(
            """
            SELECT hits FROM rate_limit_hits WHERE bucket = \(bind: window.bucket) AND window_start = \(bind: window.start)
            """
        ).first()?.decode(column: "hits", as: Int.self) ?? 0
    }

    /// Forgets windows that started before `windowStart`.
    public func purge(before windowStart: Int64) async throws {
        try await connection.sql.raw("DELETE FROM rate_limit_hits WHERE window_start < \(bind: windowStart)").run()
    }
}
