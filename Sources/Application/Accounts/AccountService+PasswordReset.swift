import Domain
import Foundation
import Storage

extension AccountService {
    /// Password recovery, first step: emails a code to a verified account. The answer is the
    /// same for every address (known, unknown, unverified), and the request counts against
    /// the same limits as any other that sends an email.
    public func requestPasswordReset(email rawEmail: String, client: String? = nil) async throws {
        let email = try Self.parseEmail(rawEmail)
        let now = clock.now()
        let limiter = self.limiter
        try await database.transaction { connection in
            let account = try await AccountStore(connection).find(email: email)
            try await limiter.enforceEmailLimits(
                email: email, account: account, client: client, now: now, in: connection)
            guard let account, account.isEmailVerified else { return }
            let nonce = Self.newNonce()
            try await PasswordResetStore(connection).issue(accountID: account.id, nonce: nonce, now: now)
            try await Self.enqueueEmail(.passwordReset, to: account, nonce: nonce, in: connection, now: now)
        }
    }

    /// Password recovery, second step: the emailed code and a new password under the usual
    /// rules. Every session and pending sign-in of the account ends, and the owner is told.
    public func resetPassword(email rawEmail: String, code: String, newPassword: String, client: String? = nil)
        async throws
    {
        let email = try Self.parseEmail(rawEmail)
        let now = clock.now()
        try await limiter.enforceSecretCheckLimits(email: nil, client: client, now: now, database: database)
        do {
            try passwordPolicy.check(newPassword, email: email)
        } catch {
            throw AccountError.invalidPassword(error)
        }
        let policy = resetCodePolicy
        guard let account = try await database.read({ try await AccountStore($0).find(email: email) }),
            account.isEmailVerified,
            let reset = try await database.read({ try await PasswordResetStore($0).current(accountID: account.id) })
        else { throw AccountError.invalidCode }
        switch policy.check(CodeState(issuedAt: reset.issuedAt, attempts: reset.attempts), now: now) {
        case .expired: throw AccountError.codeExpired
        case .tooManyAttempts: throw AccountError.tooManyAttempts
        case .mayTry: break
        }
        let reserved = try await database.transaction {
            try await PasswordResetStore($0).reserveAttempt(
                accountID: account.id, nonce: reset.nonce, maxAttempts: policy.maxAttempts)
        }
        guard reserved else { throw AccountError.tooManyAttempts }
        guard codes.matches(code, purpose: CodePurpose.passwordReset, subject: account.id, nonce: reset.nonce) else {
            try await audit.record(
                .loginFailed, actor: audit.client(client), subject: "applicant:\(account.id)",
                details: ["step": "password_reset"])
            throw AccountError.invalidCode
        }
        let newHash = try await passwords.hash(newPassword)
        let audit = self.audit
        let changed = try await database.transaction { connection -> Bool in
            guard
                try await PasswordResetStore(connection).complete(
                    accountID: account.id, nonce: reset.nonce, passwordHash: newHash)
            else { return false }
            let sessions = SessionStore(connection)
            try await sessions.deleteSessions(accountID: account.id)
            try await sessions.endPendingChallenges(accountID: account.id, now: now)
            try await audit.append(
                .passwordReset, actor: .applicant(account.id), subject: "", details: ["sessions": "revoked"],
                now: now, in: connection)
            try await Self.enqueueEmail(.passwordChanged, to: account, nonce: "", in: connection, now: now)
            return true
        }
        guard changed else { throw AccountError.invalidCode }
    }
}
