import Foundation

/// When a new visitor goes straight in and when they wait in line, and how fast the line moves.
/// The server's capacity is requests in flight and how long requests take (measured); past
/// either, new visitors queue. People already admitted are never queued.
public struct AdmissionPolicy: Sendable, Equatable {
    /// Requests in flight in one process at full capacity.
    public var capacity: Int
    /// Median time of recent requests (`LatencyWindow`) above which the process counts as full.
    public var targetLatency: TimeInterval
    /// Most new visitors let in per second per process; half near capacity, none at it.
    public var admissionsPerSecond: Double

    public init(capacity: Int = 256, targetLatency: TimeInterval = 0.25, admissionsPerSecond: Double = 4000) {
        self.capacity = max(1, capacity)
        self.targetLatency = targetLatency
        self.admissionsPerSecond = admissionsPerSecond
    }

    /// How loaded a process is: the larger of its in-flight share and its latency share.
    public func load(inFlight: Int, latency: TimeInterval) -> Double {
        max(Double(inFlight) / Double(capacity), latency / targetLatency)
    }

    public enum Decision: Sendable, Equatable {
        case admit
        case queue
    }

    /// A visitor without a ticket goes in only when nobody is waiting and there is room: a
    /// line that is not empty is never overtaken.
    public func decide(load: Double, peopleWaiting: Int, openingInFuture: Bool) -> Decision {
        if openingInFuture || peopleWaiting > 0 || load >= 1 { return .queue }
        return .admit
    }

    /// People to let in from the line over `interval` seconds at this load: the full rate, half
    /// near capacity, none at it. Not capped by the room left this moment: the people let in
    /// come back over the following seconds, each near their own turn, and the door lets in
    /// only those it has room for when they come (`AdmissionController.opensTheDoor`); capped at the room of one moment
    /// per tick, the line moved at most a capacity's worth of people every quarter second,
    /// about a quarter of what the server could register, however long the line.
    public func admissions(load: Double, over interval: TimeInterval) -> Double {
        if load >= 1 { return 0 }
        return (load >= 0.8 ? admissionsPerSecond / 2 : admissionsPerSecond) * interval
    }

    /// Seconds until `place` (1 = next) is let in at `rate` people per second; nil while the
    /// line does not move.
    public static func estimatedWait(place: Int, rate: Double) -> TimeInterval? {
        guard rate > 0 else { return nil }
        return Double(max(place, 0)) / rate
    }

    /// A newcomer's first refresh: the next pass of the line (a quarter of a second) numbers
    /// them, so their ticket number shows on the next page rather than 30 seconds later.
    public static let firstRefreshSeconds = 2

    /// How long someone whose turn has come, told at the door to wait a moment, waits before
    /// coming back: the last such wait, times how many were told to wait per person let
    /// through the door over the last second, so that each comes back about once before there
    /// is room for them. A fixed 2 s had the crowd at a closed door come back every 2 s, about
    /// one wasted answer per person let in. It changes by at most half or double a second, and
    /// stays between 2 s and 30 s.
    public static func doorRetry(previous: Double, toldToWait: Int, letThrough: Int) -> Double {
        let factor = Double(toldToWait) / Double(max(1, letThrough))
        return min(30, max(Double(firstRefreshSeconds), previous * min(2, max(0.5, factor))))
    }

    /// One person's own wait at the door: `seconds` spread by their ticket over about half to
    /// one and a half times itself, the same mean for an even wait and half a second more for an
    /// odd one (coming late costs nobody else anything). Told the same wait at the same moment,
    /// the people turned back together came back together, found the door full again and were
    /// turned back together once more: a crowd that kept its shape between waves.
    public static func spread(_ seconds: Int, key: Int64) -> Int {
        guard seconds >= 1 else { return 1 }
        let shortest = seconds - seconds / 2
        return shortest + Int(UInt64(bitPattern: key) % UInt64(seconds + 1))
    }

    /// How often a waiting page refreshes itself (and when an API client is told to come back):
    /// a quarter past the estimated wait, 5 s to 5 minutes. Past capacity the people waiting
    /// must not become the load, and coming early costs the server an answer while coming late
    /// costs nobody else anything (the place is kept however late, and the line lets others in
    /// meanwhile). Asked back at half the wait, each came back about log2(wait / 5 s) times; at
    /// the wait itself, estimated from a rate that later fell as a surge went on, most still
    /// came back early more than once.
    public static func refreshInterval(estimatedWait: TimeInterval?) -> Int {
        guard let estimatedWait else { return 30 }
        return Int(min(300, max(5, estimatedWait * 1.25)).rounded())
    }

    /// While the line does not move (before a scheduled opening, or no rate known yet): come
    /// back when the opening comes, or in half a minute at most, so an opening is seen soon.
    public static func refreshWhileStill(untilOpening: TimeInterval?) -> Int {
        guard let untilOpening, untilOpening > 0 else { return 30 }
        return Int(min(30, max(5, untilOpening)).rounded())
    }
}

/// Orders the line: with a randomised opening, everyone who arrived before the opening time in
/// the order of a draw (their random keys), then everyone after in arrival order.
public enum LineOrder {
    public struct Arrival: Sendable, Equatable {
        public let id: Int64
        public let arrivedAt: Int64
        public let randomKey: Int64

        public init(id: Int64, arrivedAt: Int64, randomKey: Int64) {
            self.id = id
            self.arrivedAt = arrivedAt
            self.randomKey = randomKey
        }
    }

    public static func order(_ arrivals: [Arrival], randomisedBefore opening: Int64?) -> [Arrival] {
        guard let opening else { return arrivals.sorted { $0.id < $1.id } }
        let early = arrivals.filter { $0.arrivedAt < opening }.sorted { ($0.randomKey, $0.id) < ($1.randomKey, $1.id) }
        let late = arrivals.filter { $0.arrivedAt >= opening }.sorted { $0.id < $1.id }
        return early + late
    }
}
