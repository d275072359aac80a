import Foundation

/// Limits on one-time codes sent by email (and later SMS): how long a code lives, how many
/// wrong guesses it survives, and how often it may be sent again.
public struct CodePolicy: Sendable, Equatable {
    public var lifetime: TimeInterval
    public var maxAttempts: Int
    public var maxResends: Int
    public var resendLockout: TimeInterval

    public init(lifetime: TimeInterval, maxAttempts: Int, maxResends: Int, resendLockout: TimeInterval) {
        self.lifetime = lifetime
        self.maxAttempts = maxAttempts
        self.maxResends = maxResends
        self.resendLockout = resendLockout
    }

    /// 30-minute codes, 5 wrong attempts, 5 resends then a 2-hour wait.
    public static let emailVerification = CodePolicy(
        lifetime: 30 * 60, maxAttempts: 5, maxResends: 5, resendLockout: 2 * 60 * 60)

    /// SMS codes: 10 minutes (messages can be slow to arrive), 5 wrong attempts, 5 sends
    /// then a 2-hour wait, like email; every message costs money, so starting over with
    /// another number counts as a send.
    public static let phoneVerification = CodePolicy(
        lifetime: 10 * 60, maxAttempts: 5, maxResends: 5, resendLockout: 2 * 60 * 60)

    /// Login codes live 10 minutes; a fresh login starts a new challenge rather than a resend.
    public static let login = CodePolicy(lifetime: 10 * 60, maxAttempts: 5, maxResends: 0, resendLockout: 0)

    /// Password recovery codes: 30 minutes, 5 wrong attempts; a new request replaces the code.
    public static let passwordReset = CodePolicy(
        lifetime: 30 * 60, maxAttempts: 5, maxResends: 0, resendLockout: 0)
}

/// Where an issued code stands.
public struct CodeState: Sendable, Equatable {
    public var issuedAt: Date
    public var attempts: Int
    public var resendCount: Int
    public var lastResendAt: Date?

    public init(issuedAt: Date, attempts: Int = 0, resendCount: Int = 0, lastResendAt: Date? = nil) {
        self.issuedAt = issuedAt
        self.attempts = attempts
        self.resendCount = resendCount
        self.lastResendAt = lastResendAt
    }
}

public enum CodeCheck: Sendable, Equatable {
    case mayTry
    case expired
    case tooManyAttempts
}

public enum ResendDecision: Sendable, Equatable {
    /// The current code is still valid: send the same code again.
    case resendSameCode
    /// The current code has expired or is spent: issue a new one.
    case issueNewCode
    /// Too many resends: wait until the given time.
    case wait(until: Date)
}

extension CodePolicy {
    public func expiresAt(_ state: CodeState) -> Date { state.issuedAt.addingTimeInterval(lifetime) }

    /// Whether a guess may be checked now. Call before comparing the code.
    public func check(_ state: CodeState, now: Date) -> CodeCheck {
        if state.attempts >= maxAttempts { return .tooManyAttempts }
        if now >= expiresAt(state) { return .expired }
        return .mayTry
    }

    public func resend(_ state: CodeState, now: Date) -> ResendDecision {
        if state.resendCount >= maxResends, let last = state.lastResendAt {
            let until = last.addingTimeInterval(resendLockout)
            if now < until { return .wait(until: until) }
        }
        return check(state, now: now) == .mayTry ? .resendSameCode : .issueNewCode
    }

    /// The resend counter after a resend at `now`: it starts again once a lockout has passed.
    public func resendCount(after state: CodeState, now: Date) -> Int {
        if state.resendCount >= maxResends, let last = state.lastResendAt,
            now >= last.addingTimeInterval(resendLockout)
        {
            return 1
        }
        return state.resendCount + 1
    }
}
