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
        let row = try await connection.sql.raw(
            """
            INSERT INTO rate_limit_hits (bucket, window_start, hits) VALUES (\(bind: bucket), \(bind: windowStart), 1)
            ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1
            RETURNING hits
            """
        ).first()
        return try row?.decode(column: "hits", as: Int.self) ?? 1
    }

    /// Forgets windows that started before `windowStart`.
    public func purge(before windowStart: Int64) async throws {
        try await connection.sql.raw("DELETE FROM rate_limit_hits WHERE window_start < \(bind: windowStart)").run()
    }
}
