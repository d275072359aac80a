import Domain
import SQLKit

/// Funnel counters kept in the same transactions as the changes they count. Each stage is
/// spread over a few rows (shards) so that concurrent transactions on PostgreSQL rarely wait
/// for the same row lock; reading sums a fixed number of rows, whatever the number of accounts.
public struct FunnelCounterStore: Sendable {
    public static let shardCount = 16
    let connection: StorageConnection

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    public func increment(_ stage: FunnelStage, by amount: Int = 1) async throws {
        let shard = Int.random(in: 0..<Self.shardCount)
        try await connection.sql.raw(
            """
            UPDATE funnel_counters SET value = value + \(bind: amount)
            WHERE stage = \(bind: stage.rawValue) AND shard = \(bind: shard)
            """
        ).run()
    }

    public func counts() async throws -> FunnelCounts {
        let rows = try await connection.sql.raw(
            "SELECT stage, CAST(SUM(value) AS BIGINT) AS total FROM funnel_counters GROUP BY stage"
        ).all()
        var counts: [FunnelStage: Int] = [:]
        for row in rows {
            guard let stage = FunnelStage(rawValue: try row.decode(column: "stage", as: String.self)) else { continue }
            counts[stage] = Int(try row.decode(column: "total", as: Int64.self))
        }
        return FunnelCounts(counts: counts)
    }
}
