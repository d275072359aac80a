/// How fast the line has been moving: people let in per second over the last half minute of
/// passes in which someone waited. Waiting people are told their wait from it, and come back
/// when it says. A rate smoothed over a second or two swung between the full rate and none as
/// the load crossed its threshold, so most people were told too short a wait and came back
/// early, again and again: in a 3× overload more returns were early than were let in.
public struct LineRate: Sendable, Equatable {
    public let size: Int
    /// Seconds between passes.
    public let interval: Double
    private var moves: [Int] = []
    private var next = 0
    /// The sum of `moves`, kept as they come: every waiting-room answer reads the rate.
    private var total = 0

    /// `size` passes `interval` seconds apart are remembered (120 of a quarter second: 30 s).
    public init(size: Int = 120, interval: Double = 0.25) {
        self.size = max(1, size)
        self.interval = interval
    }

    /// One pass of the line while someone waited: `moved` people let in.
    public mutating func record(moved: Int) {
        let moved = max(0, moved)
        if moves.count < size {
            moves.append(moved)
        } else {
            total -= moves[next]
            moves[next] = moved
        }
        total += moved
        next = (next + 1) % size
    }

    /// People let in per second over the passes remembered; 0 before any.
    public var perSecond: Double {
        moves.isEmpty || interval <= 0 ? 0 : Double(total) / (Double(moves.count) * interval)
    }
}
