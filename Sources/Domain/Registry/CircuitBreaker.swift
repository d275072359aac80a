import Foundation

/// Stops calling a failing dependency for a while, so an outage is not made worse by a flood of
/// retries: after `failureThreshold` failures in a row the circuit opens and calls fail at once;
/// after `openDuration` one trial call is let through (half open), and its outcome closes or
/// reopens the circuit. Pure value; the caller supplies the time.
public struct CircuitBreaker: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case closed(failures: Int)
        case open(until: Date)
        case halfOpen
    }

    public let failureThreshold: Int
    public let openDuration: TimeInterval
    public private(set) var state: State = .closed(failures: 0)

    public init(failureThreshold: Int, openDuration: TimeInterval) {
        self.failureThreshold = failureThreshold
        self.openDuration = openDuration
    }

    /// Whether a call may be made now. In the half-open state only one trial is allowed.
    public mutating func allowsCall(now: Date) -> Bool {
        switch state {
        case .closed: return true
        case .halfOpen: return false
        case .open(let until):
            guard now >= until else { return false }
            state = .halfOpen
            return true
        }
    }

    public mutating func recordSuccess() {
        state = .closed(failures: 0)
    }

    public mutating func recordFailure(now: Date) {
        switch state {
        case .closed(let failures) where failures + 1 < failureThreshold:
            state = .closed(failures: failures + 1)
        case .closed, .halfOpen:
            state = .open(until: now.addingTimeInterval(openDuration))
        case .open:
            break
        }
    }
}
