import Domain
import Foundation
import Storage
import Synchronization

/// Registrations that arrive together are written together: one transaction and a handful of
/// multi-row statements for a whole batch (rate-limit counters, spent proofs, accounts, their
/// emails in the outbox, the funnel counter) instead of eight statements each. Under a surge
/// the batch grows while the previous one commits; alone, a registration is a batch of one.
/// Every request still gets its own answer, and nothing is acknowledged before its batch commits.
final class RegistrationBatcher: Sendable {
    struct Request: Sendable {
        let id: String
        let email: EmailAddress
        let locale: AppLocale
        let nonce: String
        let client: String?
        let proof: ProofOfWork.Solved?
    }

    enum Outcome: Sendable, Equatable {
        /// A new pending account, its verification email queued.
        case created
        /// The address already has an account: the caller takes the known-address path.
        case existing
    }

    private struct Waiting: Sendable {
        let request: Request
        let continuation: CheckedContinuation<Outcome, any Error>
    }

    let database: any DatabaseClient
    let clock: any AppClock
    let limiter: RateLimiter
    let maximumBatch: Int
    private let state = Mutex<(queue: [Waiting], writing: Bool)>(([], false))

    init(database: any DatabaseClient, clock: any AppClock, limiter: RateLimiter, maximumBatch: Int = 256) {
        self.database = database
        self.clock = clock
        self.limiter = limiter
        self.maximumBatch = maximumBatch
    }

    func register(_ request: Request) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            let start = state.withLock { state -> Bool in
                state.queue.append(Waiting(request: request, continuation: continuation))
                guard !state.writing else { return false }
                state.writing = true
                return true
            }
            if start { Task { await self.drain() } }
        }
    }

    /// Writes batches until the queue is empty; one writer at a time per process.
    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Waiting] in
                guard !state.queue.isEmpty else {
                    state.writing = false
                    return []
                }
                let batch = Array(state.queue.prefix(maximumBatch))
                state.queue.removeFirst(batch.count)
                return batch
            }
            guard !batch.isEmpty else { return }
            await write(batch)
        }
    }

    private func write(_ batch: [Waiting]) async {
        let requests = batch.map(\.request)
        let (now, limiter) = (clock.now(), limiter)
        do {
            let outcomes = try await database.transaction { connection in
                try await Self.write(requests, now: now, limiter: limiter, in: connection)
            }
            for (waiting, outcome) in zip(batch, outcomes) { waiting.continuation.resume(with: outcome) }
        } catch {
            for waiting in batch { waiting.continuation.resume(throwing: error) }
        }
    }

    static func write(_ requests: [Request], now: Date, limiter: RateLimiter, in connection: StorageConnection)
        async throws -> [Result<Outcome, any Error>]
    {
        var results = [Result<Outcome, any Error>?](repeating: nil, count: requests.count)

        // Rate limits: one counter row per bucket, incremented by the batch's requests in it;
        // the requests past the limit, in arrival order, are refused.
        var buckets: [String: (rule: RateLimitRule, members: [Int])] = [:]
        for (index, request) in requests.enumerated() {
            var subjects = [(limiter.limits.emailsPerEmail, request.email.value)]
            if let client = request.client { subjects.append((limiter.limits.emailsPerAddress, client)) }
            for (rule, subject) in subjects {
                buckets[limiter.bucket(rule, subject: subject), default: (rule, [])].members.append(index)
            }
        }
        let totals = try await RateLimitStore(connection).hit(
            buckets.map { (bucket: $0.key, windowStart: $0.value.rule.windowStart(now), hits: $0.value.members.count) })
        for (bucket, entry) in buckets {
            let before = (totals[bucket] ?? entry.members.count) - entry.members.count
            for (offset, index) in entry.members.enumerated() {
                if case .limited(let until) = entry.rule.decide(hits: before + offset + 1, now: now),
                    results[index] == nil
                {
                    results[index] = .failure(RateLimited(rule: entry.rule.name, until: until))
                }
            }
        }

        // Proofs of work: each solution admits one registration, the first to present it.
        var proofs: [String: Date] = [:]
        for (index, request) in requests.enumerated() where results[index] == nil {
            if let proof = request.proof { proofs[proof.challengeID] = proof.expiresAt }
        }
        let unspent = try await SpentProofStore(connection).spend(proofs.map { ($0.key, $0.value) })
        var claimed = Set<String>()
        for (index, request) in requests.enumerated() where results[index] == nil {
            guard let proof = request.proof else { continue }
            if !unspent.contains(proof.challengeID) || !claimed.insert(proof.challengeID).inserted {
                results[index] = .failure(ProofOfWork.Failure.replayed)
            }
        }

        // Accounts, their verification emails and the funnel counter.
        let remaining = requests.indices.filter { results[$0] == nil }
        let inserted = try await AccountStore(connection).insertPending(
            remaining.map {
                (
                    id: requests[$0].id, email: requests[$0].email, locale: requests[$0].locale,
                    codeNonce: requests[$0].nonce
                )
            },
            now: now)
        var messages: [(kind: String, payload: String)] = []
        for index in remaining {
            let request = requests[index]
            if inserted.contains(request.id) {
                let email = EmailRequest(
                    template: .verifyEmail, to: request.email.value, locale: request.locale, subject: request.id,
                    nonce: request.nonce)
                messages.append((EmailRequest.outboxKind, try email.encoded()))
                results[index] = .success(.created)
            } else {
                results[index] = .success(.existing)
            }
        }
        try await OutboxStore(connection).enqueue(messages, now: now)
        if !messages.isEmpty { try await FunnelCounterStore(connection).increment(.registered, by: messages.count) }
        return results.map { $0 ?? .success(.existing) }
    }
}
