import Domain
import Foundation
import Storage

/// Registrations that arrive together are written together: one transaction and a handful of
/// multi-row statements for a whole batch (rate-limit counters, spent proofs, accounts, their
/// emails in the outbox, the funnel counter) instead of eight statements each. Under a surge
/// the batch grows while the previous one commits; alone, a registration is a batch of one.
/// Every request still gets its own answer, and nothing is acknowledged before its batch commits.
final class RegistrationBatcher: Sendable {
    struct Request: Sendable {
        /// The account row, its email sealed and hashed.
        let account: AccountStore.Pending
        let proof: ProofOfWork.Solved?
        /// The rate-limit counters this request counts in.
        let buckets: [(rule: RateLimitRule, bucket: String)]
        /// Its verification email, sealed for the outbox.
        let emailPayload: OutboxStore.SealedPayload
    }

    /// Prepares a request: the hashing, sealing and JSON happen here, on the caller's task, so
    /// the one writer only binds and writes.
    func request(
        id: String, email: EmailAddress, locale: AppLocale, nonce: String, client: String?,
        proof: ProofOfWork.Solved?
    ) throws -> Request {
        var subjects = [(limiter.limits.emailsPerEmail, email.value)]
        if let client { subjects.append((limiter.limits.emailsPerAddress, client)) }
        let payload = try EmailRequest(
            template: .verifyEmail, to: email.value, locale: locale, subject: id, nonce: nonce
        )
        .encoded()
        return Request(
            account: AccountStore.Pending(id: id, email: email, locale: locale, codeNonce: nonce, cipher: cipher),
            proof: proof,
            buckets: subjects.map { (rule: $0.0, bucket: limiter.bucket($0.0, subject: $0.1)) },
            emailPayload: OutboxStore.SealedPayload(payload, cipher: cipher))
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

    let limiter: RateLimiter
    private let cipher: FieldCipher
    private let batches: SerialBatches<Waiting>

    init(database: any DatabaseClient, clock: any AppClock, limiter: RateLimiter, maximumBatch: Int = 256) {
        self.limiter = limiter
        cipher = database.cipher
        batches = SerialBatches(maximum: maximumBatch) { batch in
            await Self.write(batch, database: database, now: clock.now())
        }
    }

    func register(_ request: Request) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            batches.submit(Waiting(request: request, continuation: continuation))
        }
    }

    private static func write(_ batch: [Waiting], database: any DatabaseClient, now: Date) async {
        let requests = batch.map(\.request)
        do {
            let outcomes = try await database.transaction { connection in
                try await Self.write(requests, now: now, in: connection)
            }
            for (waiting, outcome) in zip(batch, outcomes) { waiting.continuation.resume(with: outcome) }
        } catch {
            for waiting in batch { waiting.continuation.resume(throwing: error) }
        }
    }

    static func write(_ requests: [Request], now: Date, in connection: StorageConnection)
        async throws -> [Result<Outcome, any Error>]
    {
        var results = [Result<Outcome, any Error>?](repeating: nil, count: requests.count)

        // Rate limits: one counter row per bucket, incremented by the batch's requests in it;
        // the requests past the limit, in arrival order, are refused.
        var buckets: [String: (rule: RateLimitRule, members: [Int])] = [:]
        for (index, request) in requests.enumerated() {
            for (rule, bucket) in request.buckets { buckets[bucket, default: (rule, [])].members.append(index) }
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
            remaining.map { requests[$0].account }, now: now)
        var payloads: [OutboxStore.SealedPayload] = []
        for index in remaining {
            let request = requests[index]
            if inserted.contains(request.account.id) {
                payloads.append(request.emailPayload)
                results[index] = .success(.created)
            } else {
                results[index] = .success(.existing)
            }
        }
        try await OutboxStore(connection).enqueue(kind: EmailRequest.outboxKind, sealed: payloads, now: now)
        if !payloads.isEmpty { try await FunnelCounterStore(connection).increment(.registered, by: payloads.count) }
        return results.map { $0 ?? .success(.existing) }
    }
}
