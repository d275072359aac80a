import Foundation

/// Stops calling a failing dependency for a while, so an outage is not made worse by a flood of
/// retries: after `failureThreshold` failures in a row the circuit opens and calls fail at once;
/// after `openDuration` one trial call is let through (half open), and its outcome closes or
/// reopens the circuit. A trial that never reports (its caller was cancelled) is given up after
/// another `openDuration`, so the circuit cannot stay half open for ever. Pure value; the caller
/// supplies the time.
public struct CircuitBreaker: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case closed(failures: Int)
        case open(until: Date)
        case halfOpen(trialSince: Date)
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
        case .halfOpen(let since):
            guard now >= since.addingTimeInterval(openDuration) else { return false }
            state = .halfOpen(trialSince: now)
            return true
        case .open(let until):
            guard now >= until else { return false }
            state = .halfOpen(trialSince: now)
            return true
        }
    }

    /// A call that was allowed ended without an outcome (cancelled): a trial's place is given
    /// back at once; a call made while closed changes nothing.
    public mutating func recordAbandoned(now: Date) {
        if case .halfOpen = state { state = .open(until: now) }
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
