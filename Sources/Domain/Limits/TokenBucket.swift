import Foundation

/// A token bucket: `capacity` requests at once, refilled at `refillPerSecond`. Pure value;
/// the caller keeps one per key and supplies the time.
public struct TokenBucket: Sendable, Equatable {
    public let capacity: Double
    public let refillPerSecond: Double
    public private(set) var tokens: Double
    public private(set) var updatedAt: Date

    public init(capacity: Int, refillPerSecond: Double, now: Date) {
        self.capacity = Double(capacity)
        self.refillPerSecond = refillPerSecond
        self.tokens = Double(capacity)
        self.updatedAt = now
    }

    /// Takes one token if there is one; otherwise says how long until there will be.
    public mutating func take(now: Date) -> Decision {
        refill(now: now)
        if tokens >= 1 {
            tokens -= 1
            return .allowed
        }
        return .limited(retryAfter: (1 - tokens) / refillPerSecond)
    }

    /// True once the bucket is full again, so its key can be forgotten.
    public func isFull(now: Date) -> Bool {
        tokens + now.timeIntervalSince(updatedAt) * refillPerSecond >= capacity
    }

    private mutating func refill(now: Date) {
        let elapsed = max(0, now.timeIntervalSince(updatedAt))
        tokens = min(capacity, tokens + elapsed * refillPerSecond)
        updatedAt = now
    }

    public enum Decision: Sendable, Equatable {
        case allowed
        case limited(retryAfter: TimeInterval)
    }
}
