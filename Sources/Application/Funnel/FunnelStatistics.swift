import Domain
import Storage

/// The public funnel figures: a fixed number of rows summed, exact at all times.
public struct FunnelStatistics: Sendable {
    let database: any DatabaseClient

    public init(database: any DatabaseClient) {
        self.database = database
    }

    public func counts() async throws -> FunnelCounts {
        try await database.read { try await FunnelCounterStore($0).counts() }
    }
}
