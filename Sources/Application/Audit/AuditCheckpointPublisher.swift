import Domain
import Foundation
import Logging
import Storage
import Synchronization

/// Writes a signed checkpoint of the audit chain's head to the log at a fixed interval and,
/// when the head has moved, emails it to the auditors: copies outside the database that a
/// later `audit verify --expect` checks the chain against.
public final class AuditCheckpointPublisher: Sendable {
    let trail: AuditTrail
    let database: any DatabaseClient
    let clock: any AppClock
    let logger: Logger
    let auditors: [EmailAddress]
    let interval: TimeInterval
    private let last = Mutex<(at: Date?, seq: Int64?)>((nil, nil))

    public init(
        trail: AuditTrail, database: any DatabaseClient, clock: any AppClock, logger: Logger,
        auditors: [EmailAddress], interval: TimeInterval
    ) {
        self.trail = trail
        self.database = database
        self.clock = clock
        self.logger = logger
        self.auditors = auditors
        self.interval = interval
    }

    /// Publishes when `interval` has passed since this process last did (or it never has).
    public func publishIfDue() async throws {
        let now = clock.now()
        let due = last.withLock { state in state.at.map { now.timeIntervalSince($0) >= interval } ?? true }
        if due { try await publish() }
    }

    /// Publishes a checkpoint now: to the log always, to the auditors when the head moved
    /// since the last one they were sent.
    @discardableResult
    public func publish() async throws -> AuditCheckpoint {
        let checkpoint = try await trail.checkpoint()
        logger.notice(
            "audit checkpoint",
            metadata: [
                "checkpoint": "\(checkpoint.line)", "seq": "\(checkpoint.seq)",
                "public_key": "\(trail.signer.publicKey)",
            ])
        let previous = last.withLock { state in
            defer { state = (checkpoint.at, checkpoint.seq) }
            return state.seq
        }
        guard !auditors.isEmpty, previous != checkpoint.seq else { return checkpoint }
        let payloads = try auditors.map { auditor in
            try EmailRequest(
                template: .auditCheckpoint, to: auditor.value, locale: .indonesian, subject: "audit",
                nonce: "",
                values: [
                    "checkpoint": checkpoint.line, "entries": "\(checkpoint.seq)",
                    "public_key": trail.signer.publicKey,
                ]
            ).encoded()
        }
        let now = clock.now()
        try await database.transaction {
            try await OutboxStore($0).enqueue(kind: EmailRequest.outboxKind, payloads: payloads, now: now)
        }
        return checkpoint
    }
}
