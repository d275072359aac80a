import Domain
import Foundation
import Storage

extension AccountService {
    /// How the first sign-in step answered: the challenge the emailed code goes with, and
    /// whether the account is under attack, in which case the answer is the same whether the
    /// password was right or not.
    public struct LoginStart: Sendable, Equatable {
        public let challenge: String
        public let guarded: Bool
    }

    /// First login step: checks the password and emails a code.
    ///
    /// A wrong password, an unknown address or an unverified account is one answer,
    /// `invalidCredentials`, so the person can correct it at once and nothing is enumerated.
    /// After `loginFailuresPerEmail` wrong passwords for one address (from any number of
    /// clients), the address is *guarded* for devices that have not signed in to it before
    /// (`device`, a known-device token): every attempt gets a challenge, a decoy when the
    /// password was wrong, so a guesser learns nothing, while the owner with the right password
    /// still gets the code. The owner is emailed when the guarding starts.
    public func startLogin(
        email rawEmail: String, password: String, client: String? = nil, device: String? = nil
    ) async throws -> LoginStart {
        let now = clock.now()
        guard let email = try? Self.parseEmail(rawEmail) else {
            try await limiter.enforceSecretCheckLimits(email: nil, client: client, now: now, database: database)
            _ = try await passwords.verify(password, hash: nil)
            throw AccountError.invalidCredentials
        }
        // Counted before the password hash is computed, which is what costs time.
        try await limiter.enforceSecretCheckLimits(email: nil, client: client, now: now, database: database)
        let rule = limiter.limits.loginFailuresPerEmail
        let account = try await database.read { try await AccountStore($0).find(email: email) }
        let verifiedAccount = account?.isEmailVerified == true ? account : nil
        let known = verifiedAccount.map { devices.recognises(device, kind: .applicant, id: $0.id, now: now) } ?? false
        var guarded = false
        if !known {
            guarded =
                try await limiter.current(rule, subject: email.lookupForm, now: now, database: database) >= rule.limit
        }
        let challengeID = RandomTokens.token(bytes: 18)
        guard try await passwords.verify(password, hash: verifiedAccount?.passwordHash), let verifiedAccount else {
            let failures = try await limiter.record(rule, subject: email.lookupForm, now: now, database: database)
            try await audit.record(
                .loginFailed, actor: audit.client(client), subject: account.map { "applicant:\($0.id)" } ?? "",
                details: ["step": "password"])
            if failures == rule.limit, let verifiedAccount {
                try await warnOwner(verifiedAccount, failures: failures, rule: rule, now: now)
            }
            guard guarded else { throw AccountError.invalidCredentials }
            try await database.transaction { try await SessionStore($0).insertDecoy(id: challengeID, now: now) }
            return LoginStart(challenge: challengeID, guarded: true)
        }
        try await database.transaction { connection in
            try await SessionStore(connection).insertChallenge(id: challengeID, accountID: verifiedAccount.id, now: now)
            let request = EmailRequest(
                template: .loginCode, to: verifiedAccount.email, locale: verifiedAccount.locale,
                subject: challengeID, nonce: challengeID)
            try await OutboxStore(connection).enqueue(
                kind: EmailRequest.outboxKind, payload: request.encoded(), now: now)
        }
        return LoginStart(challenge: challengeID, guarded: guarded)
    }

    /// Tells the owner that sign-ins are failing: how many, and that the emailed code still
    /// protects the account.
    private func warnOwner(_ account: AccountRecord, failures: Int, rule: RateLimitRule, now: Date) async throws {
        let audit = self.audit
        try await database.transaction { connection in
            try await Self.enqueueEmail(
                .failedLogins, to: account, nonce: "", in: connection, now: now,
                values: ["count": String(failures), "minutes": String(Int(rule.window / 60))])
            try await audit.append(
                .loginThrottled, actor: .system, subject: "applicant:\(account.id)",
                details: ["failures": String(failures)], now: now, in: connection)
        }
    }

    /// Second login step: the emailed code turns the challenge into a session.
    public func completeLogin(challenge challengeID: String, code: String, client: String? = nil) async throws
        -> IssuedSession
    {
        let now = clock.now()
        let (policy, limiter) = (loginCodePolicy, limiter)
        try await limiter.enforceSecretCheckLimits(email: nil, client: client, now: now, database: database)
        // A decoy answers exactly as a real challenge would, and never signs anyone in.
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
        guard !challenge.accountID.isEmpty,
            codes.matches(code, purpose: CodePurpose.login, subject: challengeID, nonce: challengeID)
        else {
            try await audit.record(
                .loginFailed, actor: audit.client(client),
                subject: challenge.accountID.isEmpty ? "" : "applicant:\(challenge.accountID)",
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
        return IssuedSession(
            token: token, expiresAt: expiresAt, account: account,
            deviceToken: devices.token(for: .applicant, id: account.id, now: now))
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
