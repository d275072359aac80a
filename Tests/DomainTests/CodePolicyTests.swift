import Foundation
import Testing

@testable import Domain

@Suite struct CodePolicyTests {
    let policy = CodePolicy.emailVerification
    let start = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func codeLivesThirtyMinutes() {
        let state = CodeState(issuedAt: start)
        #expect(policy.check(state, now: start.addingTimeInterval(29 * 60 + 59)) == .mayTry)
        #expect(policy.check(state, now: start.addingTimeInterval(30 * 60)) == .expired)
    }

    @Test func fiveWrongAttemptsSpendTheCode() {
        #expect(policy.check(CodeState(issuedAt: start, attempts: 4), now: start) == .mayTry)
        #expect(policy.check(CodeState(issuedAt: start, attempts: 5), now: start) == .tooManyAttempts)
        // Spent beats expired: the person is told to ask for a new code either way.
        #expect(
            policy.check(CodeState(issuedAt: start, attempts: 5), now: start.addingTimeInterval(3600))
                == .tooManyAttempts)
    }

    @Test func resendKeepsAValidCodeAndReplacesASpentOne() {
        #expect(policy.resend(CodeState(issuedAt: start), now: start.addingTimeInterval(60)) == .resendSameCode)
        #expect(policy.resend(CodeState(issuedAt: start), now: start.addingTimeInterval(31 * 60)) == .issueNewCode)
        #expect(policy.resend(CodeState(issuedAt: start, attempts: 5), now: start) == .issueNewCode)
    }

    @Test func fiveResendsThenTwoHoursWait() {
        var state = CodeState(issuedAt: start)
        var now = start
        for expected in 1...5 {
            now = now.addingTimeInterval(60)
            #expect(policy.resend(state, now: now) != .wait(until: now))
            state.resendCount = policy.resendCount(after: state, now: now)
            state.lastResendAt = now
            #expect(state.resendCount == expected)
        }
        let lastResend = now
        #expect(
            policy.resend(state, now: now.addingTimeInterval(60)) == .wait(until: lastResend.addingTimeInterval(7200)))
        #expect(
            policy.resend(state, now: lastResend.addingTimeInterval(7199))
                == .wait(until: lastResend.addingTimeInterval(7200)))
        let later = lastResend.addingTimeInterval(7200)
        #expect(policy.resend(state, now: later) == .issueNewCode)
        #expect(policy.resendCount(after: state, now: later) == 1)
    }
}

@Suite struct RetryPolicyTests {
    @Test func backsOffExponentiallyWithinJitter() throws {
        let policy = RetryPolicy(baseDelay: 2, maxDelay: 60, maxAttempts: 10)
        #expect(policy.delay(afterAttempt: 1, jitter: 0.5) == 2)
        #expect(policy.delay(afterAttempt: 2, jitter: 0.5) == 4)
        #expect(policy.delay(afterAttempt: 3, jitter: 0.5) == 8)
        #expect(policy.delay(afterAttempt: 9, jitter: 0.5) == 60)
        let low = try #require(policy.delay(afterAttempt: 3, jitter: 0))
        let high = try #require(policy.delay(afterAttempt: 3, jitter: 0.999))
        #expect(low == 6.4)
        #expect(high > 9.5 && high < 9.6)
    }

    @Test func deadLettersAfterTheLastAttempt() {
        let policy = RetryPolicy(baseDelay: 1, maxDelay: 10, maxAttempts: 3)
        #expect(policy.delay(afterAttempt: 2, jitter: 0) != nil)
        #expect(policy.delay(afterAttempt: 3, jitter: 0) == nil)
    }
}
