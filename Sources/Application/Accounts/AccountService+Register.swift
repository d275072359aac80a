import Domain
import Foundation
import Storage

extension AccountService {
    /// Registers an email: the surge path. The pending account, its verification email in the
    /// outbox and the funnel counter are written in one transaction, shared with the other
    /// registrations arriving at the same moment (`RegistrationBatcher`); nothing slow happens here.
    /// The outcome is the same for new and known addresses, so it reveals nothing. `client` is
    /// the caller's network address, for the per-address limit; `proof` the solved
    /// proof-of-work challenge the web edge checked, spent here so it admits one registration.
    public func register(
        email rawEmail: String, locale: AppLocale, client: String? = nil, proof: ProofOfWork.Solved? = nil
    ) async throws {
        try await register(email: try Self.parseEmail(rawEmail), locale: locale, client: client, proof: proof)
    }

    /// Registers an address the caller has already read (the API reads it before it looks at
    /// the proof of work, so a malformed address is reported first).
    public func register(
        email: EmailAddress, locale: AppLocale, client: String? = nil, proof: ProofOfWork.Solved? = nil
    ) async throws {
        let outcome = try await batcher.register(
            try batcher.request(
                email: email, locale: locale, nonce: Self.newNonce(), client: client, proof: proof,
                arrivedAt: clock.now()))
        guard outcome == .existing else { return }
        // Known address: remind a verified owner, or resend the code to a pending one, under the
        // per-email limit and the code policy's resend limit (the per-address limit was counted
        // with the batch).
        let (now, policy, limiter) = (clock.now(), emailCodePolicy, limiter)
        try await database.transaction { connection in
            guard let existing = try await AccountStore(connection).find(email: email) else { return }
            try await limiter.enforceEmailLimits(email: email, account: existing, client: nil, now: now, in: connection)
            try await Self.resend(to: existing, policy: policy, in: connection, now: now)
        }
    }

    /// Sends the verification code again, or a reminder when the address is already verified.
    /// Unknown addresses are accepted silently, and so is a known one past the code policy's
    /// resend limit: the per-email rate limit answers 429 for both alike.
    public func resendCode(email rawEmail: String, client: String? = nil) async throws {
        let email = try Self.parseEmail(rawEmail)
        let now = clock.now()
        let (policy, limiter) = (emailCodePolicy, limiter)
        try await database.transaction { connection in
            let account = try await AccountStore(connection).find(email: email)
            try await limiter.enforceEmailLimits(
                email: email, account: account, client: client, now: now, in: connection)
            guard let account else { return }
            try await Self.resend(to: account, policy: policy, in: connection, now: now)
        }
    }

    static func resend(
        to account: AccountRecord, policy: CodePolicy, in connection: StorageConnection, now: Date
    ) async throws {
        let decision = policy.resend(account.code, now: now)
        let count = policy.resendCount(after: account.code, now: now)
        switch decision {
        case .wait:
            return
        case .resendSameCode, .issueNewCode:
            let accounts = AccountStore(connection)
            if account.isEmailVerified {
                try await accounts.recordResend(id: account.id, newNonce: nil, resendCount: count, now: now)
                try await enqueueEmail(
                    .alreadyRegistered, to: account, nonce: account.codeNonce, in: connection, now: now)
            } else {
                let nonce = decision == .issueNewCode ? newNonce() : account.codeNonce
                try await accounts.recordResend(
                    id: account.id, newNonce: decision == .issueNewCode ? nonce : nil, resendCount: count, now: now)
                try await enqueueEmail(.verifyEmail, to: account, nonce: nonce, in: connection, now: now)
            }
        }
    }
}
