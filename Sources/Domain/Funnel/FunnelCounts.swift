/// Counts of people who reached each stage, and each stage's share of those registered.
public struct FunnelCounts: Sendable, Equatable {
    public var counts: [FunnelStage: Int]

    public init(counts: [FunnelStage: Int]) {
        self.counts = counts
    }

    public subscript(stage: FunnelStage) -> Int { counts[stage] ?? 0 }

    /// Share of registered, in hundredths of a percent (7385 means 73.85%), rounded half up.
    public func shareOfRegistered(_ stage: FunnelStage) -> Int? {
        let registered = self[.registered]
        guard registered > 0 else { return nil }
        return (self[stage] * 20_000 + registered) / (2 * registered)
    }
}
