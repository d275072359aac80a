import Domain
import Foundation
import Storage

/// A request over a rate limit: answered 429 with `Retry-After`.
public struct RateLimited: Error, Equatable, Sendable {
    public let rule: String
    public let until: Date

    /// Whole seconds until the window ends, at least 1.
    public var retryAfterSeconds: Int { max(1, Int(until.timeIntervalSinceNow.rounded(.up))) }
}

/// Counts requests against the rules in the database, so every server process shares one
/// count. Subjects are kept as keyed hashes: counters hold no email, phone or NIK.
public struct RateLimiter: Sendable {
    public let limits: RateLimits
    let index: BlindIndex

    public init(limits: RateLimits, index: BlindIndex) {
        self.limits = limits
        self.index = index
    }

    /// Counts one request for `subject` under `rule` in the caller's transaction; throws
    /// `RateLimited` when it is over. A transaction that then rolls back does not count it.
    public func enforce(_ rule: RateLimitRule, subject: String, now: Date, in connection: StorageConnection)
        async throws
    {
        let bucket = bucket(rule, subject: subject)
        let hits = try await RateLimitStore(connection).hit(bucket: bucket, windowStart: rule.windowStart(now))
        if case .limited(let until) = rule.decide(hits: hits, now: now) {
            throw RateLimited(rule: rule.name, until: until)
        }
    }

    /// The counter's key: a keyed hash of the rule and the subject.
    public func bucket(_ rule: RateLimitRule, subject: String) -> String { index.hash("\(rule.name)\u{1F}\(subject)") }

    /// Counts one request in its own transaction, for checks made before any other write.
    public func enforce(_ rule: RateLimitRule, subject: String, now: Date, database: any DatabaseClient)
        async throws
    {
        try await database.transaction { try await enforce(rule, subject: subject, now: now, in: $0) }
    }

    /// Forgets counters whose windows ended more than a day ago.
    public func purge(now: Date, database: any DatabaseClient) async throws {
        let cutoff = Int64(now.timeIntervalSince1970) - 86_400 - 86_400
        try await database.transaction { try await RateLimitStore($0).purge(before: cutoff) }
    }
}

extension RateLimiter {
    /// A request that sends an email: per client address and per email address.
    func enforceEmailLimits(email: EmailAddress, client: String?, now: Date, in connection: StorageConnection)
        async throws
    {
        if let client { try await enforce(limits.emailsPerAddress, subject: client, now: now, in: connection) }
        try await enforce(limits.emailsPerEmail, subject: email.value, now: now, in: connection)
    }

    /// A request that checks a password or a code: per client address and per email address.
    func enforceSecretCheckLimits(email: EmailAddress?, client: String?, now: Date, database: any DatabaseClient)
        async throws
    {
        guard client != nil || email != nil else { return }
        try await database.transaction { connection in
            if let client {
                try await enforce(limits.secretChecksPerAddress, subject: client, now: now, in: connection)
            }
            if let email {
                try await enforce(limits.secretChecksPerEmail, subject: email.value, now: now, in: connection)
            }
        }
    }
}
