import Domain
import Foundation
import Storage

extension AccountService {
    /// First login step: checks the password and emails a code. Unknown addresses, unverified
    /// accounts and wrong passwords all get a challenge id that looks the same and never works.
    public func startLogin(email rawEmail: String, password: String, client: String? = nil) async throws -> String {
        let challengeID = RandomTokens.token(bytes: 18)
        guard let email = try? Self.parseEmail(rawEmail) else {
            try await limiter.enforceSecretCheckLimits(
                email: nil, client: client, now: clock.now(), database: database)
            _ = try await passwords.verify(password, hash: nil)
            return challengeID
        }
        // Counted before the password hash is computed, which is what costs time.
        try await limiter.enforceSecretCheckLimits(email: email, client: client, now: clock.now(), database: database)
        let account = try await database.read { try await AccountStore($0).find(email: email) }
        let verifiedAccount = account?.isEmailVerified == true ? account : nil
        guard try await passwords.verify(password, hash: verifiedAccount?.passwordHash), let verifiedAccount else {
            try await audit.record(
                .loginFailed, actor: audit.client(client), subject: account.map { "applicant:\($0.id)" } ?? "",
                details: ["step": "password"])
            return challengeID
        }
        let now = clock.now()
        try await database.transaction { connection in
            try await SessionStore(connection).insertChallenge(id: challengeID, accountID: verifiedAccount.id, now: now)
            let request = EmailRequest(
                template: .loginCode, to: verifiedAccount.email, locale: verifiedAccount.locale,
                subject: challengeID, nonce: challengeID)
            try await OutboxStore(connection).enqueue(
                kind: EmailRequest.outboxKind, payload: request.encoded(), now: now)
        }
        return challengeID
    }

    /// Second login step: the emailed code turns the challenge into a session.
    public func completeLogin(challenge challengeID: String, code: String, client: String? = nil) async throws
        -> IssuedSession
    {
        let now = clock.now()
        let (policy, limiter) = (loginCodePolicy, limiter)
        try await limiter.enforceSecretCheckLimits(email: nil, client: client, now: now, database: database)
        guard let challenge = try await database.read({ try await SessionStore($0).challenge(id: challengeID) }),
            !challenge.consumed
        else { throw AccountError.invalidCode }
        switch policy.check(CodeState(issuedAt: challenge.createdAt, attempts: challenge.attempts), now: now) {
        case .expired: throw AccountError.codeExpired
        case .tooManyAttempts: throw AccountError.tooManyAttempts
        case .mayTry: break
        }
        let reserved = try await database.transaction {
            try await SessionStore($0).reserveChallengeAttempt(id: challengeID, maxAttempts: policy.maxAttempts)
        }
        guard reserved else { throw AccountError.tooManyAttempts }
        guard codes.matches(code, purpose: CodePurpose.login, subject: challengeID, nonce: challengeID) else {
            try await audit.record(
                .loginFailed, actor: audit.client(client), subject: "applicant:\(challenge.accountID)",
                details: ["step": "code"])
            throw AccountError.invalidCode
        }
        let token = RandomTokens.token()
        let expiresAt = now.addingTimeInterval(sessionLifetime)
        let account = try await database.transaction { connection -> AccountRecord? in
            let sessions = SessionStore(connection)
            guard try await sessions.consumeChallenge(id: challengeID, now: now) else { return nil }
            try await sessions.insertSession(
                tokenHash: RandomTokens.hash(token), accountID: challenge.accountID, now: now, expiresAt: expiresAt)
            return try await AccountStore(connection).find(id: challenge.accountID)
        }
        guard let account else { throw AccountError.invalidCode }
        try await audit.record(.loginSucceeded, actor: .applicant(account.id))
        return IssuedSession(token: token, expiresAt: expiresAt, account: account)
    }

    /// The account a bearer token or session cookie belongs to, if the session is live.
    public func account(forToken token: String) async throws -> AccountRecord? {
        let now = clock.now()
        return try await database.read { connection in
            guard
                let id = try await SessionStore(connection).accountID(forTokenHash: RandomTokens.hash(token), now: now)
            else { return nil }
            return try await AccountStore(connection).find(id: id)
        }
    }

    public func logout(token: String) async throws {
        try await database.transaction { try await SessionStore($0).deleteSession(tokenHash: RandomTokens.hash(token)) }
    }
}
