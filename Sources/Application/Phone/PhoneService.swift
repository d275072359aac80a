import Domain
import Foundation
import Storage

/// Verifying a mobile number by SMS code, after the identity: the number is normalised to
/// E.164, the code is derived from a stored nonce (never stored) and sent from the outbox,
/// with the same expiry, attempt and resend limits as email codes.
public struct PhoneService: Sendable {
    let database: any DatabaseClient
    let clock: any AppClock
    let codes: OneTimeCodes
    let index: BlindIndex
    let policy: CodePolicy
    let limiter: RateLimiter
    let audit: AuditTrail

    public init(
        database: any DatabaseClient, clock: any AppClock, codes: OneTimeCodes, index: BlindIndex,
        limiter: RateLimiter, audit: AuditTrail, policy: CodePolicy = .phoneVerification
    ) {
        self.limiter = limiter
        self.audit = audit
        self.database = database
        self.clock = clock
        self.codes = codes
        self.index = index
        self.policy = policy
    }

    public enum Failure: Error, Equatable, Sendable {
        case invalidPhone(PhoneNumber.Invalid)
        /// The identity must be verified first (the journey's order).
        case identityNotVerified
        case alreadyVerified
        /// Asked to resend or check a code before any was sent.
        case noCodeSent
        /// Another account has verified this number. Said only after the code proves the
        /// person holds the phone, so the form cannot be used to find whose numbers are known.
        case phoneTaken

        public var code: String {
            switch self {
            case .invalidPhone: "invalid_phone"
            case .identityNotVerified: "identity_not_verified"
            case .alreadyVerified: "phone_already_verified"
            case .noCodeSent: "no_code_sent"
            case .phoneTaken: "phone_taken"
            }
        }
    }

    /// Sends a code to a number (again, if it is the same number and its code is still valid).
    /// Returns the number in E.164.
    @discardableResult
    public func start(accountID: String, phone raw: String, client: String? = nil) async throws -> String {
        let phone: PhoneNumber
        do {
            phone = try PhoneNumber(raw)
        } catch {
            throw Failure.invalidPhone(error)
        }
        try await send(accountID: accountID, phone: phone.e164, client: client)
        return phone.e164
    }

    /// Sends the code again to the number being verified.
    public func resend(accountID: String, client: String? = nil) async throws {
        try await send(accountID: accountID, phone: nil, client: client)
    }

    private func send(accountID: String, phone requested: String?, client: String?) async throws {
        let (now, policy, index, limiter) = (clock.now(), policy, index, limiter)
        let newNonce = RandomTokens.token(bytes: 12)
        try await database.transaction { connection in
            guard let account = try await AccountStore(connection).find(id: accountID) else {
                throw AccountError.unauthenticated
            }
            guard account.stage >= .identityVerified else { throw Failure.identityNotVerified }
            let phones = PhoneVerificationStore(connection)
            let existing = try await phones.find(accountID: accountID)
            if existing?.isVerified == true { throw Failure.alreadyVerified }
            guard let phone = requested ?? existing?.phone else { throw Failure.noCodeSent }
            if let client {
                try await limiter.enforce(limiter.limits.smsPerAddress, subject: client, now: now, in: connection)
            }
            try await limiter.enforce(limiter.limits.smsPerPhone, subject: phone, now: now, in: connection)
            var nonce = newNonce
            if let existing {
                let decision = policy.resend(existing.code, now: now)
                if case .wait(let until) = decision { throw AccountError.resendLimited(until: until) }
                let count = policy.resendCount(after: existing.code, now: now)
                if existing.phone == phone && decision == .resendSameCode {
                    nonce = existing.codeNonce
                    try await phones.recordResend(accountID: accountID, newNonce: nil, resendCount: count, now: now)
                } else if existing.phone == phone {
                    try await phones.recordResend(accountID: accountID, newNonce: nonce, resendCount: count, now: now)
                } else {
                    try await phones.start(
                        accountID: accountID, phone: phone, phoneHash: index.hash(phone), nonce: nonce,
                        resendCount: count, now: now)
                }
            } else {
                try await phones.start(
                    accountID: accountID, phone: phone, phoneHash: index.hash(phone), nonce: nonce, resendCount: 0,
                    now: now)
            }
            let request = SMSRequest(to: phone, locale: account.locale, subject: accountID, nonce: nonce)
            try await OutboxStore(connection).enqueue(kind: SMSRequest.outboxKind, payload: request.encoded(), now: now)
        }
    }

    /// Checks the SMS code; on success the phone is verified and the journey moves on.
    public func verify(accountID: String, code: String, client: String? = nil) async throws {
        let now = clock.now()
        if let client {
            try await limiter.enforce(
                [limiter.hit(limiter.limits.secretChecksPerAddress, subject: client, at: now)], database: database)
        }
        guard let record = try await status(accountID: accountID) else { throw Failure.noCodeSent }
        guard !record.isVerified else { throw Failure.alreadyVerified }
        switch policy.check(record.code, now: now) {
        case .expired: throw AccountError.codeExpired
        case .tooManyAttempts: throw AccountError.tooManyAttempts
        case .mayTry: break
        }
        let maxAttempts = policy.maxAttempts
        let reserved = try await database.transaction {
            try await PhoneVerificationStore($0).reserveCodeAttempt(
                accountID: accountID, nonce: record.codeNonce, maxAttempts: maxAttempts)
        }
        guard reserved else { throw AccountError.tooManyAttempts }
        guard
            codes.matches(code, purpose: CodePurpose.phoneVerification, subject: accountID, nonce: record.codeNonce)
        else {
            try await audit.record(.phoneCodeFailed, actor: .applicant(accountID))
            throw AccountError.invalidCode
        }
        let phoneHash = index.hash(record.phone)
        try await database.transaction { connection in
            let phones = PhoneVerificationStore(connection)
            if try await phones.isVerifiedElsewhere(phoneHash: phoneHash, accountID: accountID) {
                throw Failure.phoneTaken
            }
            guard try await phones.markVerified(accountID: accountID, nonce: record.codeNonce, now: now) else {
                throw AccountError.invalidCode
            }
            if try await AccountStore(connection).advanceStage(
                id: accountID, from: .identityVerified, to: .phoneVerified)
            {
                try await FunnelCounterStore(connection).increment(.phoneVerified)
            }
        }
    }

    public func status(accountID: String) async throws -> PhoneVerificationRecord? {
        try await database.read { try await PhoneVerificationStore($0).find(accountID: accountID) }
    }
}
