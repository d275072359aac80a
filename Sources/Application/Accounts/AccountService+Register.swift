import Domain
import Foundation
import Storage

extension AccountService {
    /// Registers an email: the surge path. One transaction writes the pending account, its
    /// verification email in the outbox and the funnel counter; nothing slow happens here.
    /// The outcome is the same for new and known addresses, so it reveals nothing. `client` is
    /// the caller's network address, for the per-address limit; `proof` the solved
    /// proof-of-work challenge the web edge checked, spent here so it admits one registration.
    public func register(
        email rawEmail: String, locale: AppLocale, client: String? = nil, proof: ProofOfWork.Solved? = nil
    ) async throws {
        let email = try Self.parseEmail(rawEmail)
        let now = clock.now()
        let id = UUID().uuidString.lowercased()
        let nonce = Self.newNonce()
        let (policy, limiter) = (emailCodePolicy, limiter)
        try await database.transaction { connection in
            if let proof,
                try await !SpentProofStore(connection).spend(challengeID: proof.challengeID, expiresAt: proof.expiresAt)
            {
                throw ProofOfWork.Failure.replayed
            }
            try await limiter.enforceEmailLimits(email: email, client: client, now: now, in: connection)
            let accounts = AccountStore(connection)
            if try await accounts.insertPending(id: id, email: email, locale: locale, codeNonce: nonce, now: now) {
                let request = EmailRequest(
                    template: .verifyEmail, to: email.value, locale: locale, subject: id, nonce: nonce)
                try await OutboxStore(connection).enqueue(
                    kind: EmailRequest.outboxKind, payload: request.encoded(), now: now)
                try await FunnelCounterStore(connection).increment(.registered)
                return
            }
            guard let existing = try await accounts.find(email: email) else { return }
            // Known address: remind a verified owner, or resend the code to a pending one, both
            // under the resend limit so the form cannot be used to flood a mailbox.
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
            try await limiter.enforceEmailLimits(email: email, client: client, now: now, in: connection)
            guard let account = try await AccountStore(connection).find(email: email) else { return }
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
