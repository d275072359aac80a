/// The most recent request times of a process, read as their median: what the waiting room
/// compares with its target. A median of the last few hundred requests, not a running average
/// of the last few: one slow commit (a batch of requests that all waited for the same fsync)
/// moved the old ten-sample average past the target and formed a line below the server's
/// measured capacity; it moves a median only when most recent requests are slow.
public struct LatencyWindow: Sendable, Equatable {
    public let size: Int
    private var samples: [Double] = []
    private var next = 0

    public init(size: Int = 512) {
        self.size = max(1, size)
        samples.reserveCapacity(self.size)
    }

    public mutating func record(_ seconds: Double) {
        let value = max(0, seconds)
        if samples.count < size {
            samples.append(value)
        } else {
            samples[next] = value
        }
        next = (next + 1) % size
    }

    /// The median of the samples held, 0 when there are none.
    public var median: Double {
        guard !samples.isEmpty else { return 0 }
        let sorted = samples.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    public var count: Int { samples.count }

    /// Forgets every sample: a process with no admitted traffic for a while is not slow.
    public mutating func clear() {
        samples.removeAll(keepingCapacity: true)
        next = 0
    }
}
