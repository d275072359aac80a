import Domain
import Foundation
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

    /// Accounts created at or after `start`, counted in the accounts themselves (the load test's
    /// check that every acknowledged registration was stored).
    public func accountsCreated(since start: Date) async throws -> Int {
        try await database.read { try await AccountStore($0).count(createdSince: start) }
    }
}
