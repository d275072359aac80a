import Domain
import Foundation
import Logging
import Storage

/// Delivers outbox messages: claims due ones, sends them concurrently, and records each
/// outcome. A failure is retried with exponential backoff and dead-lettered after the last
/// attempt. Safe to run in several processes at once.
public struct OutboxWorker: Sendable {
    let database: any DatabaseClient
    let handlers: [String: any OutboxHandler]
    let clock: any AppClock
    let logger: Logger
    let retry: RetryPolicy
    let batchSize: Int
    let lease: TimeInterval
    let pollInterval: Duration
    /// The name claims are made under, the same after a restart.
    let name: String

    /// `handlers` maps each message kind to what delivers it.
    public init(
        database: any DatabaseClient, handlers: [String: any OutboxHandler], clock: any AppClock, logger: Logger,
        retry: RetryPolicy = .outbox, batchSize: Int = 64, lease: TimeInterval = 120,
        pollInterval: Duration = .milliseconds(200), name: String = "worker"
    ) {
        self.name = name
        self.database = database
        self.handlers = handlers
        self.clock = clock
        self.logger = logger
        self.retry = retry
        self.batchSize = batchSize
        self.lease = lease
        self.pollInterval = pollInterval
    }

    /// Runs until the task is cancelled or `isStopping` says so; a batch already claimed is
    /// finished first, so stopping never leaves messages waiting out their lease. Database
    /// outages are logged and waited out.
    public func run(isStopping: @escaping @Sendable () -> Bool = { false }) async {
        var reclaimed = false
        while !Task.isCancelled, !isStopping() {
            do {
                if !reclaimed {
                    try await reclaimOwnClaims()
                    reclaimed = true
                }
                let handled = try await runOnce()
                if handled < batchSize { try await Task.sleep(for: pollInterval) }
            } catch is CancellationError {
                return
            } catch {
                logger.error("outbox worker cycle failed", metadata: ["error": "\(String(reflecting: error))"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Takes back at once what this worker's name had claimed and not finished (the process
    /// before a crash), instead of waiting out the lease; returns how many.
    @discardableResult
    public func reclaimOwnClaims() async throws -> Int {
        let (name, now) = (self.name, clock.now())
        let count = try await database.transaction { try await OutboxStore($0).releaseClaims(of: name, now: now) }
        if count > 0 { logger.info("outbox claims taken back", metadata: ["count": "\(count)", "worker": "\(name)"]) }
        return count
    }

    /// How many messages wait and how old the oldest is, for `/metrics`.
    public func depth() async throws -> OutboxDepth {
        try await database.read { try await OutboxStore($0).depth() }
    }

    /// Claims and handles one batch; returns how many messages it handled.
    @discardableResult
    public func runOnce() async throws -> Int {
        let now = clock.now()
        let (batchSize, lease, name) = (self.batchSize, self.lease, self.name)
        let messages = try await database.transaction {
            try await OutboxStore($0).claim(limit: batchSize, now: now, lease: lease, worker: name)
        }
        guard !messages.isEmpty else { return 0 }
        await withTaskGroup(of: Void.self) { group in
            for message in messages {
                group.addTask { await self.handle(message) }
            }
        }
        return messages.count
    }

    private func handle(_ message: OutboxMessage) async {
        do {
            try await deliver(message)
            let now = clock.now()
            try await database.transaction { try await OutboxStore($0).markDelivered(id: message.id, now: now) }
        } catch {
            let delay = retry.delay(afterAttempt: message.attempts, jitter: Double.random(in: 0..<1))
            let retryAt = delay.map { clock.now().addingTimeInterval($0) }
            logger.warning(
                "outbox delivery failed",
                metadata: [
                    "outbox_id": "\(message.id)", "attempt": "\(message.attempts)",
                    "dead_letter": "\(retryAt == nil)", "error": "\(String(reflecting: error))",
                ])
            let description = String(describing: error)
            try? await database.transaction {
                try await OutboxStore($0).markFailed(id: message.id, error: description, retryAt: retryAt)
            }
        }
    }

    private func deliver(_ message: OutboxMessage) async throws {
        guard let handler = handlers[message.kind] else { throw UnknownOutboxKind(kind: message.kind) }
        try await handler.handle(message)
    }
}

struct UnknownOutboxKind: Error, CustomStringConvertible {
    let kind: String
    var description: String { "no handler for outbox messages of kind \(kind)" }
}

/// Delivers one kind of outbox message. Throwing means "try again later".
public protocol OutboxHandler: Sendable {
    func handle(_ message: OutboxMessage) async throws
}
