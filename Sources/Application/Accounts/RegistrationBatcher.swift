import Domain
import Foundation
import Storage

/// The one write path of registration. Registrations that arrive together are written together:
/// one transaction and a handful of multi-row statements for a whole batch (the per-address
/// limit through `RateLimiter.count`, in memory until an address nears its limit; spent
/// challenge proofs; accounts, their emails in the outbox, the funnel counter) instead of
/// several statements each. With a seed proof of work and an ordinary address, a registration
/// writes two rows, its account and its email, and a share of the batch's funnel counter. Under a surge the batch grows while the previous
/// one commits; alone, a registration is a batch of one. Each request keeps its arrival time
/// (its account's creation time and the windows it counts in), gets its own answer, and is
/// acknowledged only once its batch commits.
final class RegistrationBatcher: Sendable {
    struct Request: Sendable {
        /// The account row, its email sealed and hashed, created at the request's arrival.
        let account: AccountStore.Pending
        let proof: ProofOfWork.Solved?
        /// The per-address counter this request counts in, at its arrival.
        let hits: [RateLimiter.Hit]
        /// Its verification email, sealed for the outbox.
        let emailPayload: OutboxStore.SealedPayload
    }

    /// Prepares a request: the hashing, sealing and JSON happen here, on the caller's task, so
    /// the one writer only binds and writes.
    func request(
        email: EmailAddress, locale: AppLocale, nonce: String, client: String?, proof: ProofOfWork.Solved?,
        arrivedAt: Date
    ) throws -> Request {
        let id = RandomTokens.timeOrderedID(now: arrivedAt)
        let payload = try EmailRequest(
            template: .verifyEmail, to: email.value, locale: locale, subject: id, nonce: nonce
        )
        .encoded()
        return Request(
            account: AccountStore.Pending(
                id: id, email: email, locale: locale, codeNonce: nonce, createdAt: arrivedAt, cipher: cipher),
            proof: proof, hits: limiter.registrationHits(client: client, at: arrivedAt),
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
            await Self.write(batch, database: database, limiter: limiter, now: clock.now())
        }
    }

    func register(_ request: Request) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            batches.submit(Waiting(request: request, continuation: continuation))
        }
    }

    private static func write(_ batch: [Waiting], database: any DatabaseClient, limiter: RateLimiter, now: Date) async {
        let requests = batch.map(\.request)
        do {
            let outcomes = try await database.transaction { connection in
                try await Self.write(requests, limiter: limiter, now: now, in: connection)
            }
            for (waiting, outcome) in zip(batch, outcomes) { waiting.continuation.resume(with: outcome) }
        } catch {
            for waiting in batch { waiting.continuation.resume(throwing: error) }
        }
    }

    /// `now` is when the batch is written: its emails are queued then.
    static func write(_ requests: [Request], limiter: RateLimiter, now: Date, in connection: StorageConnection)
        async throws -> [Result<Outcome, any Error>]
    {
        // Rate limits: the requests past a limit, in arrival order, are refused.
        var results: [Result<Outcome, any Error>?] = try await limiter.count(requests.map(\.hits), in: connection)
            .map { refused in refused.map { .failure($0) } }

        // Proofs of work: each challenge solution admits one registration, the first to present
        // it; a seed solution is bound to its address and is not recorded.
        var proofs: [String: Date] = [:]
        for (index, request) in requests.enumerated() where results[index] == nil {
            if let proof = request.proof, proof.spendOnce { proofs[proof.challengeID] = proof.expiresAt }
        }
        let unspent = try await SpentProofStore(connection).spend(proofs.map { ($0.key, $0.value) })
        var claimed = Set<String>()
        for (index, request) in requests.enumerated() where results[index] == nil {
            guard let proof = request.proof, proof.spendOnce else { continue }
            if !unspent.contains(proof.challengeID) || !claimed.insert(proof.challengeID).inserted {
                results[index] = .failure(ProofOfWork.Failure.replayed)
            }
        }

        // Accounts, their verification emails and the funnel counter.
        let remaining = requests.indices.filter { results[$0] == nil }
        let inserted = try await AccountStore(connection).insertPending(remaining.map { requests[$0].account })
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
