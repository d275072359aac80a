import Foundation
import Testing

@testable import Domain

@Suite struct CircuitBreakerTests {
    let start = Date(timeIntervalSince1970: 1_780_000_000)

    @Test func opensAfterConsecutiveFailuresAndTriesAgainLater() {
        var breaker = CircuitBreaker(failureThreshold: 3, openDuration: 30)
        for _ in 0..<2 {
            #expect(breaker.allowsCall(now: start) == true)
            breaker.recordFailure(now: start)
        }
        #expect(breaker.allowsCall(now: start) == true)
        breaker.recordFailure(now: start)
        #expect(breaker.state == .open(until: start.addingTimeInterval(30)))
        #expect(breaker.allowsCall(now: start.addingTimeInterval(29)) == false)
        // One trial call after the pause; a second caller waits for its outcome.
        #expect(breaker.allowsCall(now: start.addingTimeInterval(30)) == true)
        #expect(breaker.allowsCall(now: start.addingTimeInterval(30)) == false)
        breaker.recordFailure(now: start.addingTimeInterval(31))
        #expect(breaker.state == .open(until: start.addingTimeInterval(61)))
        #expect(breaker.allowsCall(now: start.addingTimeInterval(61)) == true)
        breaker.recordSuccess()
        #expect(breaker.state == .closed(failures: 0))
        #expect(breaker.allowsCall(now: start.addingTimeInterval(61)) == true)
    }

    @Test func aSuccessResetsTheCount() {
        var breaker = CircuitBreaker(failureThreshold: 2, openDuration: 10)
        breaker.recordFailure(now: start)
        breaker.recordSuccess()
        breaker.recordFailure(now: start)
        #expect(breaker.state == .closed(failures: 1))
    }

    @Test func aTrialThatNeverReportsIsGivenUpAfterAnotherPause() {
        var breaker = CircuitBreaker(failureThreshold: 1, openDuration: 30)
        breaker.recordFailure(now: start)
        #expect(breaker.allowsCall(now: start.addingTimeInterval(30)) == true)
        // The trial's caller vanished: nobody may call until the trial is given up…
        #expect(breaker.allowsCall(now: start.addingTimeInterval(59)) == false)
        // …and then one new trial goes ahead, not the circuit half open for ever.
        #expect(breaker.allowsCall(now: start.addingTimeInterval(60)) == true)
        #expect(breaker.allowsCall(now: start.addingTimeInterval(60)) == false)
    }

    @Test func anAbandonedTrialGivesItsPlaceBackAtOnce() {
        var breaker = CircuitBreaker(failureThreshold: 1, openDuration: 30)
        breaker.recordFailure(now: start)
        #expect(breaker.allowsCall(now: start.addingTimeInterval(30)) == true)
        breaker.recordAbandoned(now: start.addingTimeInterval(31))
        #expect(breaker.allowsCall(now: start.addingTimeInterval(31)) == true)
        // Abandoning a call made while closed changes nothing.
        breaker.recordSuccess()
        breaker.recordAbandoned(now: start.addingTimeInterval(32))
        #expect(breaker.state == .closed(failures: 0))
    }
}
