import Application
import Domain
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Storage

/// Runs the outbox worker beside the web server, and housekeeping once a minute. On graceful
/// shutdown the worker finishes the batch in hand and stops; housekeeping stops at once.
public struct WorkerService: Service {
    let worker: OutboxWorker
    let maintenance: @Sendable () async -> Void

    public init(worker: OutboxWorker, maintenance: @escaping @Sendable () async -> Void) {
        self.worker = worker
        self.maintenance = maintenance
    }

    public func run() async throws {
        let stopping = StopFlag()
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                group.addTask { await worker.run(isStopping: { stopping.isSet }) }
                group.addTask {
                    await cancelWhenGracefulShutdown {
                        while !Task.isCancelled {
                            await maintenance()
                            try? await Task.sleep(for: .seconds(60))
                        }
                    }
                }
            }
        } onGracefulShutdown: {
            stopping.set()
        }
    }
}
