import Domain
import Foundation
import Logging
import Storage

/// The account use cases: register, verify the email, resend the code, log in, log out.
public struct AccountService: Sendable {
    let database: any DatabaseClient
    let clock: any AppClock
    let codes: OneTimeCodes
    let passwords: PasswordHasher
    let passwordPolicy: PasswordPolicy
    let emailCodePolicy: CodePolicy
    let loginCodePolicy: CodePolicy
    let sessionLifetime: TimeInterval
    let limiter: RateLimiter
    let audit: AuditTrail
    let batcher: RegistrationBatcher
    let devices: KnownDevices
    let resetCodePolicy: CodePolicy

    public init(
        database: any DatabaseClient, clock: any AppClock, codes: OneTimeCodes, passwords: PasswordHasher,
        passwordPolicy: PasswordPolicy, limiter: RateLimiter, audit: AuditTrail, devices: KnownDevices,
        emailCodePolicy: CodePolicy = .emailVerification,
        loginCodePolicy: CodePolicy = .login, resetCodePolicy: CodePolicy = .passwordReset,
        sessionLifetime: TimeInterval = 24 * 60 * 60
    ) {
        self.devices = devices
        self.resetCodePolicy = resetCodePolicy
        self.database = database
        self.clock = clock
        self.codes = codes
        self.passwords = passwords
        self.passwordPolicy = passwordPolicy
        self.emailCodePolicy = emailCodePolicy
        self.loginCodePolicy = loginCodePolicy
        self.sessionLifetime = sessionLifetime
        self.limiter = limiter
        self.audit = audit
        batcher = RegistrationBatcher(database: database, clock: clock, limiter: limiter)
    }

    /// Reads an address as every use case does, with the error the API and pages report.
    public static func parseEmail(_ raw: String) throws(AccountError) -> EmailAddress {
        do {
            return try EmailAddress(raw)
        } catch {
            throw .invalidEmail(error)
        }
    }

    static func newNonce() -> String { RandomTokens.token(bytes: 12) }

    static func enqueueEmail(
        _ template: EmailRequest.Template, to account: AccountRecord, nonce: String, in connection: StorageConnection,
        now: Date, values: [String: String]? = nil
    ) async throws {
        let request = EmailRequest(
            template: template, to: account.email, locale: account.locale, subject: account.id, nonce: nonce,
            values: values)
        try await OutboxStore(connection).enqueue(kind: EmailRequest.outboxKind, payload: request.encoded(), now: now)
    }
}

/// A new session's bearer token (shown once) and the account it belongs to.
public struct IssuedSession: Sendable {
    public var token: String
    public var expiresAt: Date
    public var account: AccountRecord
    /// Marks this browser or app as one that has signed in to the account, for later sign-ins.
    public var deviceToken: String = ""
}

extension AccountService {
    /// Forgets expired sessions and login challenges older than a day (a challenge's code lasts
    /// minutes; the day keeps recent ones for investigating a complaint).
    public func purgeExpired(now: Date) async throws {
        try await database.transaction {
            try await SessionStore($0).purge(
                sessionsExpiredBy: now, challengesCreatedBefore: now.addingTimeInterval(-86_400))
        }
    }
}
