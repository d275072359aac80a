import Domain
import Foundation
import Storage

extension AccountService {
    /// Checks the emailed code, sets the password and opens a session.
    public func verifyEmail(email rawEmail: String, code: String, password: String, client: String? = nil)
        async throws -> IssuedSession
    {
        let email = try Self.parseEmail(rawEmail)
        try await limiter.enforceSecretCheckLimits(email: email, client: client, now: clock.now(), database: database)
        do {
            try passwordPolicy.check(password, email: email)
        } catch {
            throw AccountError.invalidPassword(error)
        }
        let now = clock.now()
        let policy = emailCodePolicy
        guard let account = try await database.read({ try await AccountStore($0).find(email: email) }),
            !account.isEmailVerified
        else { throw AccountError.invalidCode }

        switch policy.check(account.code, now: now) {
        case .expired: throw AccountError.codeExpired
        case .tooManyAttempts: throw AccountError.tooManyAttempts
        case .mayTry: break
        }
        let reserved = try await database.transaction {
            try await AccountStore($0).reserveCodeAttempt(
                id: account.id, nonce: account.codeNonce, maxAttempts: policy.maxAttempts)
        }
        guard reserved else { throw AccountError.tooManyAttempts }
        guard
            codes.matches(
                code, purpose: CodePurpose.emailVerification, subject: account.id, nonce: account.codeNonce)
        else {
            try await audit.record(.emailCodeFailed, actor: audit.client(client), subject: "applicant:\(account.id)")
            throw AccountError.invalidCode
        }

        let passwordHash = try await passwords.hash(password)
        let token = RandomTokens.token()
        let expiresAt = now.addingTimeInterval(sessionLifetime)
        let verified = try await database.transaction { connection -> AccountRecord? in
            let accounts = AccountStore(connection)
            guard
                try await accounts.markEmailVerified(
                    id: account.id, nonce: account.codeNonce, passwordHash: passwordHash, now: now)
            else { return nil }
            try await FunnelCounterStore(connection).increment(.emailVerified)
            try await SessionStore(connection).insertSession(
                tokenHash: RandomTokens.hash(token), accountID: account.id, now: now, expiresAt: expiresAt)
            return try await accounts.find(id: account.id)
        }
        guard let verified else { throw AccountError.invalidCode }
        return IssuedSession(
            token: token, expiresAt: expiresAt, account: verified,
            deviceToken: devices.token(for: .applicant, id: verified.id, now: now))
    }
}
