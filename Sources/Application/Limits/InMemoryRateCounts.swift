import Domain
import Storage
import Synchronization

/// The process's in-memory share of the rate-limit counters (`LocalRateCounts`): for rules
/// whose limit is far above one subject's usual count, a window is written to the database
/// only once it has used a quarter of its limit. Shared by every copy of the `RateLimiter`.
final class InMemoryRateCounts: Sendable {
    /// Rule name → hits a window counts here before it spills to the database.
    private let thresholds: [String: Int]
    private let counts: Mutex<LocalRateCounts<RateLimitStore.Window>>

    /// `rules` are counted in memory up to `limit / share` hits per window (rules whose share
    /// would be under two are always counted in the database).
    init(rules: [RateLimitRule], share: Int = 4, capacity: Int = 200_000) {
        var thresholds: [String: Int] = [:]
        for rule in rules where rule.limit / share >= 2 { thresholds[rule.name] = rule.limit / share }
        self.thresholds = thresholds
        counts = Mutex(LocalRateCounts(capacity: capacity))
    }

    /// How many of `hits` requests in `window` the database must count, or nil when memory did.
    func count(_ window: RateLimitStore.Window, hits: Int, rule: RateLimitRule, now: Int64)
        -> LocalRateCounts<RateLimitStore.Window>.Outcome?
    {
        guard let threshold = thresholds[rule.name] else { return nil }
        return counts.withLock {
            $0.count(window, hits: hits, threshold: threshold, endsAt: window.start + Int64(rule.window), now: now)
        }
    }
}
