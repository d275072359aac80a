import Foundation
import SQLKit

/// Rate-limit counters: one atomic increment per request, in the caller's transaction.
public struct RateLimitStore: Sendable {
    let connection: StorageConnection

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    /// Counts one request in a window and returns the window's count, this one included.
    public func hit(bucket: String, windowStart: Int64) async throws -> Int {
        try await hit([(bucket, windowStart, 1)])[bucket] ?? 1
    }

    /// Counts `hits` requests in each of several windows with one statement; returns each
    /// bucket's count afterwards. Each bucket may appear once.
    public func hit(_ counts: [(bucket: String, windowStart: Int64, hits: Int)]) async throws -> [String: Int] {
        guard !counts.isEmpty else { return [:] }
        let rows = SQLList(
            counts.map { SQLQueryString("(\(bind: $0.bucket), \(bind: $0.windowStart), \(bind: $0.hits))") })
        let result = try await connection.sql.raw(
            """
            INSERT INTO rate_limit_hits (bucket, window_start, hits) VALUES \(rows)
            ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_hits.hits + excluded.hits
            RETURNING bucket, hits
            """
        ).all()
        var totals: [String: Int] = [:]
        for row in result {
            totals[try row.decode(column: "bucket", as: String.self)] = try row.decode(column: "hits", as: Int.self)
        }
        return totals
    }

    /// Forgets windows that started before `windowStart`.
    public func purge(before windowStart: Int64) async throws {
        try await connection.sql.raw("DELETE FROM rate_limit_hits WHERE window_start < \(bind: windowStart)").run()
    }
}
