import Foundation

/// When to try a failed delivery again: exponential backoff with a cap, then a dead letter.
public struct RetryPolicy: Sendable, Equatable {
    public var baseDelay: TimeInterval
    public var maxDelay: TimeInterval
    public var maxAttempts: Int

    public init(baseDelay: TimeInterval, maxDelay: TimeInterval, maxAttempts: Int) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxAttempts = maxAttempts
    }

    /// 2 s, 4 s, 8 s … capped at 30 minutes; dead after 12 attempts (about 2.5 hours in all).
    public static let outbox = RetryPolicy(baseDelay: 2, maxDelay: 30 * 60, maxAttempts: 12)

    /// The delay after the given failed attempt (1-based), or nil when it was the last.
    /// `jitter` in 0..<1 spreads retries of many messages that failed together.
    public func delay(afterAttempt attempt: Int, jitter: Double) -> TimeInterval? {
        guard attempt < maxAttempts else { return nil }
        let exponential = baseDelay * pow(2, Double(max(0, attempt - 1)))
        let capped = min(exponential, maxDelay)
        return capped * (0.8 + 0.4 * jitter)
    }
}
