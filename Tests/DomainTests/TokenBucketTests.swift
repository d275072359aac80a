import Foundation
import Testing

@testable import Domain

@Suite struct TokenBucketTests {
    let start = Date(timeIntervalSince1970: 1_780_000_000)

    @Test func allowsABurstThenRefillsAtItsRate() {
        var bucket = TokenBucket(capacity: 3, refillPerSecond: 0.5, now: start)
        #expect(bucket.take(now: start) == .allowed)
        #expect(bucket.take(now: start) == .allowed)
        #expect(bucket.take(now: start) == .allowed)
        #expect(bucket.take(now: start) == .limited(retryAfter: 2))
        #expect(bucket.take(now: start.addingTimeInterval(1)) == .limited(retryAfter: 1))
        #expect(bucket.take(now: start.addingTimeInterval(2)) == .allowed)
        #expect(!bucket.isFull(now: start.addingTimeInterval(2)))
        #expect(bucket.isFull(now: start.addingTimeInterval(8)))
    }

    @Test func neverHoldsMoreThanItsCapacity() {
        var bucket = TokenBucket(capacity: 2, refillPerSecond: 10, now: start)
        let later = start.addingTimeInterval(3600)
        #expect(bucket.take(now: later) == .allowed)
        #expect(bucket.take(now: later) == .allowed)
        #expect(bucket.take(now: later) != .allowed)
    }

    @Test func aClockGoingBackwardsGrantsNothing() {
        var bucket = TokenBucket(capacity: 1, refillPerSecond: 1, now: start)
        #expect(bucket.take(now: start) == .allowed)
        #expect(bucket.take(now: start.addingTimeInterval(-10)) != .allowed)
    }
}
