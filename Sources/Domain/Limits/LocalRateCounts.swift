/// Counts hits in memory for rate limits far above what one subject normally does (a client
/// address allowed 1,000 registrations a minute, for the carrier NAT that puts a city behind
/// one address), so that a window costs a database row only once it nears its limit. A window
/// is counted here up to `threshold` hits; the request that would pass it spills: it writes the
/// window's whole count so far to the shared counter, and every later hit of that window is
/// counted there too.
///
/// One process alone decides exactly as if every hit had been written. Across `n` processes
/// sharing a database, each may hold up to `threshold` hits it has not written, so a subject
/// gets at most `limit + (n - 1) × threshold` requests in a window; a process that restarts
/// forgets its unwritten hits (at most `threshold` more per window). Pure value: the caller
/// keeps it behind a lock and supplies the time.
public struct LocalRateCounts<Key: Hashable & Sendable>: Sendable {
    /// Windows kept at most; past it, windows not yet known are counted in the database.
    public let capacity: Int
    private var windows: [Key: Window] = [:]
    /// When ended windows were last forgotten: at capacity, at most once a second.
    private var cleanedAt = Int64.min

    private struct Window: Sendable {
        var hits: Int
        var spilled: Bool
        /// Seconds since 1970 when the window ends.
        let endsAt: Int64
    }

    public init(capacity: Int = 200_000) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    public enum Outcome: Sendable, Equatable {
        /// Counted here: the window held `before` hits before these.
        case counted(before: Int)
        /// Count these in the shared counter, adding `increment` (the hits not yet written,
        /// these included); the counter's total after it decides.
        case shared(increment: Int)
    }

    /// Counts `hits` requests in `key`'s window, which ends at `endsAt`; `now` lets windows
    /// that have ended be forgotten.
    public mutating func count(_ key: Key, hits: Int, threshold: Int, endsAt: Int64, now: Int64) -> Outcome {
        if windows[key] == nil, windows.count >= capacity {
            if now > cleanedAt { forgetEnded(now: now) }
            if windows.count >= capacity { return .shared(increment: hits) }
        }
        var window = windows[key] ?? Window(hits: 0, spilled: false, endsAt: endsAt)
        defer { windows[key] = window }
        if window.spilled { return .shared(increment: hits) }
        let before = window.hits
        window.hits += hits
        if window.hits <= threshold { return .counted(before: before) }
        window.spilled = true
        return .shared(increment: window.hits)
    }

    /// Windows held now (ended ones included until the next clean-up).
    public var count: Int { windows.count }

    /// Forgets windows that have ended.
    private mutating func forgetEnded(now: Int64) {
        windows = windows.filter { $0.value.endsAt > now }
        cleanedAt = now
    }
}
