import Domain
import Foundation
import Storage

/// A request over a rate limit: answered 429 with `Retry-After`.
public struct RateLimited: Error, Equatable, Sendable {
    public let rule: String
    public let until: Date

    public init(rule: String, until: Date) {
        self.rule = rule
        self.until = until
    }

    /// Whole seconds from `now` until the window ends, at least 1.
    public func retryAfterSeconds(now: Date) -> Int { max(1, Int(until.timeIntervalSince(now).rounded(.up))) }
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

    /// One request counted under one rule, at the time it arrived.
    public struct Hit: Sendable {
        let rule: RateLimitRule
        let window: RateLimitStore.Window
        let at: Date
    }

    /// A hit for `subject` under `rule`: the keyed hash and the window are worked out here, on
    /// the caller's task, not by the registration batch's one writer.
    public func hit(_ rule: RateLimitRule, subject: String, at now: Date) -> Hit {
        Hit(rule: rule, window: .init(bucket: bucket(rule, subject: subject), start: rule.windowStart(now)), at: now)
    }

    /// Counts the hits of several requests with one statement in the caller's transaction, and
    /// says for each request whether it went over a limit: within a counter, requests are
    /// counted in the order given. A transaction that then rolls back counts none of them.
    /// Every rate limit is counted here, one request or a batch of registrations.
    public func count(_ requests: [[Hit]], in connection: StorageConnection) async throws -> [RateLimited?] {
        var members: [RateLimitStore.Window: [(request: Int, hit: Hit)]] = [:]
        for (index, hits) in requests.enumerated() {
            for hit in hits {
                members[hit.window, default: []].append((index, hit))
            }
        }
        let totals = try await RateLimitStore(connection).hit(members.mapValues(\.count))
        var refused = [RateLimited?](repeating: nil, count: requests.count)
        for (window, entries) in members {
            let before = (totals[window] ?? entries.count) - entries.count
            for (offset, entry) in entries.enumerated() where refused[entry.request] == nil {
                if case .limited(let until) = entry.hit.rule.decide(hits: before + offset + 1, now: entry.hit.at) {
                    refused[entry.request] = RateLimited(rule: entry.hit.rule.name, until: until)
                }
            }
        }
        return refused
    }

    /// Counts one request's hits in the caller's transaction; throws `RateLimited` for the first
    /// limit it is over.
    public func enforce(_ hits: [Hit], in connection: StorageConnection) async throws {
        guard !hits.isEmpty else { return }
        if let refused = try await count([hits], in: connection)[0] { throw refused }
    }

    /// The same in a transaction of its own, for checks made before any other write.
    public func enforce(_ hits: [Hit], database: any DatabaseClient) async throws {
        guard !hits.isEmpty else { return }
        try await database.transaction { try await enforce(hits, in: $0) }
    }

    /// Counts one request for `subject` under `rule` in the caller's transaction; throws
    /// `RateLimited` when it is over.
    public func enforce(_ rule: RateLimitRule, subject: String, now: Date, in connection: StorageConnection)
        async throws
    {
        try await enforce([hit(rule, subject: subject, at: now)], in: connection)
    }

    /// How many times `subject` has been counted under `rule` in the current window, without
    /// counting this look.
    public func current(_ rule: RateLimitRule, subject: String, now: Date, database: any DatabaseClient)
        async throws -> Int
    {
        let window = hit(rule, subject: subject, at: now).window
        return try await database.read { try await RateLimitStore($0).count(window) }
    }

    /// Counts one event (a failure) for `subject` under `rule`; returns the window's count after it.
    @discardableResult
    public func record(_ rule: RateLimitRule, subject: String, now: Date, database: any DatabaseClient)
        async throws -> Int
    {
        let window = hit(rule, subject: subject, at: now).window
        return try await database.transaction { try await RateLimitStore($0).hit([window: 1])[window] ?? 1 }
    }

    /// The counter's key: a keyed hash of the rule and the subject.
    public func bucket(_ rule: RateLimitRule, subject: String) -> String { index.hash("\(rule.name)\u{1F}\(subject)") }

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
        try await enforce(emailHits(email: email, client: client, at: now), in: connection)
    }

    /// The counters a request that sends an email counts in.
    func emailHits(email: EmailAddress, client: String?, at now: Date) -> [Hit] {
        var hits = [hit(limits.emailsPerEmail, subject: email.lookupForm, at: now)]
        if let client { hits.append(hit(limits.emailsPerAddress, subject: client, at: now)) }
        return hits
    }

    /// A request that checks a password or a code: per client address and per email address.
    func enforceSecretCheckLimits(email: EmailAddress?, client: String?, now: Date, database: any DatabaseClient)
        async throws
    {
        var hits: [Hit] = []
        if let client { hits.append(hit(limits.secretChecksPerAddress, subject: client, at: now)) }
        if let email { hits.append(hit(limits.secretChecksPerEmail, subject: email.lookupForm, at: now)) }
        try await enforce(hits, database: database)
    }
}
