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
/// count. Subjects are kept as keyed hashes: counters hold no email, phone or NIK. The
/// per-address email limit, far above what one address normally sends, is counted in memory
/// until a window nears its limit (`InMemoryRateCounts`), so a registration writes no counter row.
public struct RateLimiter: Sendable {
    public let limits: RateLimits
    let index: BlindIndex
    let memory: InMemoryRateCounts

    public init(limits: RateLimits, index: BlindIndex) {
        self.limits = limits
        self.index = index
        memory = InMemoryRateCounts(rules: [limits.emailsPerAddress])
    }

    /// One request counted under one rule, at the time it arrived.
    public struct Hit: Sendable {
        let rule: RateLimitRule
        let window: RateLimitStore.Window
        let at: Date
        /// Requests of this window counted by another record than the counter (the account's
        /// creation counts as its address's first email).
        let counted: Int
    }

    /// A hit for `subject` under `rule`: the keyed hash and the window are worked out here, on
    /// the caller's task, not by the registration batch's one writer.
    public func hit(_ rule: RateLimitRule, subject: String, at now: Date, counted: Int = 0) -> Hit {
        Hit(
            rule: rule, window: .init(bucket: bucket(rule, subject: subject), start: rule.windowStart(now)), at: now,
            counted: counted)
    }

    /// Counts the hits of several requests with one statement in the caller's transaction, and
    /// says for each request whether it went over a limit: within a counter, requests are
    /// counted in the order given. A transaction that then rolls back counts none of them in
    /// the database; hits counted in memory stay counted (the strict side). Every rate limit is
    /// counted here, one request or a batch of registrations.
    public func count(_ requests: [[Hit]], in connection: StorageConnection) async throws -> [RateLimited?] {
        var members: [RateLimitStore.Window: [(request: Int, hit: Hit)]] = [:]
        for (index, hits) in requests.enumerated() {
            for hit in hits {
                members[hit.window, default: []].append((index, hit))
            }
        }
        var shared: [RateLimitStore.Window: Int] = [:]
        var countedInMemory: [RateLimitStore.Window: Int] = [:]
        for (window, entries) in members {
            let first = entries[0].hit
            let now = Int64(first.at.timeIntervalSince1970)
            switch memory.count(window, hits: entries.count, rule: first.rule, now: now) {
            case .counted(let before): countedInMemory[window] = before
            case .shared(let increment): shared[window] = increment
            case nil: shared[window] = entries.count
            }
        }
        let totals = try await RateLimitStore(connection).hit(shared)
        var refused = [RateLimited?](repeating: nil, count: requests.count)
        for (window, entries) in members {
            let before = countedInMemory[window] ?? ((totals[window] ?? entries.count) - entries.count)
            for (offset, entry) in entries.enumerated() where refused[entry.request] == nil {
                let hits = before + offset + 1 + entry.hit.counted
                if case .limited(let until) = entry.hit.rule.decide(hits: hits, now: entry.hit.at) {
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
    /// A request that sends an email: per email address, and per client address when `client`
    /// is given (nil when the address was already counted with its batch). `account` is the
    /// address's account, if it has one: its creation counted as the address's first email.
    func enforceEmailLimits(
        email: EmailAddress, account: AccountRecord?, client: String?, now: Date, in connection: StorageConnection
    ) async throws {
        var hits = [emailHit(email: email, account: account, at: now)]
        if let client { hits.append(contentsOf: registrationHits(client: client, at: now)) }
        try await enforce(hits, in: connection)
    }

    /// A new registration counts per client address only: its email's first count is the
    /// account it creates (a unique address), so a registration writes no per-email counter;
    /// a second registration of the address takes the known-address path, counted there.
    func registrationHits(client: String?, at now: Date) -> [Hit] {
        client.map { [hit(limits.emailsPerAddress, subject: $0, at: now)] } ?? []
    }

    /// The per-email hit, counting the account's creation when it fell in the same window.
    func emailHit(email: EmailAddress, account: AccountRecord?, at now: Date) -> Hit {
        let rule = limits.emailsPerEmail
        let createdInWindow = account.map { rule.windowStart($0.createdAt) == rule.windowStart(now) } ?? false
        return hit(rule, subject: email.lookupForm, at: now, counted: createdInWindow ? 1 : 0)
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
