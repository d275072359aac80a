import Domain
import Foundation
import Storage

extension AccountService {
    /// Checks the current password, sets the new one and ends every session and every pending
    /// login of the account (a thief's included); the caller gets one fresh session.
    public func changePassword(
        accountID: String, currentPassword: String, newPassword: String, client: String? = nil
    ) async throws -> IssuedSession {
        let now = clock.now()
        try await limiter.enforceSecretCheckLimits(email: nil, client: client, now: now, database: database)
        guard let account = try await database.read({ try await AccountStore($0).find(id: accountID) }),
            let currentHash = account.passwordHash
        else { throw AccountError.unauthenticated }
        let email = try Self.parseEmail(account.email)
        // A limit of the account's own: guesses at sign-in from elsewhere do not count here.
        try await limiter.enforce(
            [limiter.hit(limiter.limits.secretChecksPerEmail, subject: "password-change:\(accountID)", at: now)],
            database: database)
        guard try await passwords.verify(currentPassword, hash: currentHash) else {
            try await audit.record(
                .loginFailed, actor: audit.client(client), subject: "applicant:\(accountID)",
                details: ["step": "password_change"])
            throw AccountError.wrongPassword
        }
        do {
            try passwordPolicy.check(newPassword, email: email)
        } catch {
            throw AccountError.invalidPassword(error)
        }
        let newHash = try await passwords.hash(newPassword)
        let token = RandomTokens.token()
        let expiresAt = now.addingTimeInterval(sessionLifetime)
        let audit = self.audit
        let changed = try await database.transaction { connection -> AccountRecord? in
            let accounts = AccountStore(connection)
            guard try await accounts.replacePassword(id: accountID, expectedHash: currentHash, newHash: newHash)
            else { return nil }
            let sessions = SessionStore(connection)
            try await sessions.deleteSessions(accountID: accountID)
            try await sessions.endPendingChallenges(accountID: accountID, now: now)
            try await sessions.insertSession(
                tokenHash: RandomTokens.hash(token), accountID: accountID, now: now, expiresAt: expiresAt)
            try await audit.append(
                .passwordChanged, actor: .applicant(accountID), subject: "", details: ["sessions": "revoked"], now: now,
                in: connection)
            try await Self.enqueueEmail(.passwordChanged, to: account, nonce: "", in: connection, now: now)
            return try await accounts.find(id: accountID)
        }
        // Another change got there first: this one's view of the current password is stale.
        guard let changed else { throw AccountError.wrongPassword }
        return IssuedSession(
            token: token, expiresAt: expiresAt, account: changed,
            deviceToken: devices.token(for: .applicant, id: accountID, now: now))
    }
}
