import SQLKit
import Synchronization

/// Group commit for a single-writer database. Write transactions that arrive while one is being
/// written wait in a queue; the next batch runs in one database transaction, each body inside
/// its own savepoint (so one body's failure undoes only its own writes), and one COMMIT makes
/// the whole batch durable with one fsync. Every caller returns only after that COMMIT, so an
/// acknowledgement still means "on disk".
final class GroupCommit: Sendable {
    /// One queued write: runs its body, then learns whether the batch committed.
    protocol Write: Sendable {
        /// Runs the body; false if it threw (its savepoint must be rolled back).
        func perform(_ connection: StorageConnection) async -> Bool
        /// Resumes the caller with its result, or with the batch's commit error.
        func finish(commitError: (any Error)?)
    }

    final class TypedWrite<T: Sendable>: Write {
        let body: @Sendable (StorageConnection) async throws -> T
        let continuation: CheckedContinuation<T, any Error>
        let result = Mutex<Result<T, any Error>?>(nil)

        init(
            body: @escaping @Sendable (StorageConnection) async throws -> T,
            continuation: CheckedContinuation<T, any Error>
        ) {
            self.body = body
            self.continuation = continuation
        }

        func perform(_ connection: StorageConnection) async -> Bool {
            do {
                let value = try await body(connection)
                result.withLock { $0 = .success(value) }
                return true
            } catch {
                result.withLock { $0 = .failure(error) }
                return false
            }
        }

        func finish(commitError: (any Error)?) {
            if let commitError {
                continuation.resume(throwing: commitError)
            } else {
                continuation.resume(with: result.withLock { $0 } ?? .failure(CancellationError()))
            }
        }
    }

    private let batches: SerialBatches<any Write>

    init(connection: StorageConnection, maxBatch: Int = 256) {
        batches = SerialBatches(maximum: maxBatch) { batch in await Self.write(batch, on: connection) }
    }

    var queued: Int { batches.queued }
    var isWriting: Bool { batches.isRunning }

    func submit<T: Sendable>(_ body: @escaping @Sendable (StorageConnection) async throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            batches.submit(TypedWrite(body: body, continuation: continuation))
        }
    }

    private static func write(_ batch: [any Write], on connection: StorageConnection) async {
        let sql = connection.sql
        do {
            try await sql.raw("BEGIN IMMEDIATE").run()
        } catch {
            for write in batch { write.finish(commitError: error) }
            return
        }
        do {
            if batch.count == 1 {
                // Alone in its batch, a body needs no savepoint: its failure rolls back everything.
                guard await batch[0].perform(connection) else {
                    try await sql.raw("ROLLBACK").run()
                    batch[0].finish(commitError: nil)
                    return
                }
            } else {
                for write in batch {
                    try await sql.raw("SAVEPOINT write").run()
                    if !(await write.perform(connection)) { try await sql.raw("ROLLBACK TO SAVEPOINT write").run() }
                    try await sql.raw("RELEASE SAVEPOINT write").run()
                }
            }
            try await sql.raw("COMMIT").run()
        } catch {
            try? await sql.raw("ROLLBACK").run()
            for write in batch { write.finish(commitError: error) }
            return
        }
        for write in batch { write.finish(commitError: nil) }
    }
}
