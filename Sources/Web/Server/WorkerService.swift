import Application
import Domain
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Storage

/// Runs the outbox worker beside the web server, and housekeeping once a minute; stops both
/// on graceful shutdown.
public struct WorkerService: Service {
    let worker: OutboxWorker
    let maintenance: @Sendable () async -> Void

    public init(worker: OutboxWorker, maintenance: @escaping @Sendable () async -> Void) {
        self.worker = worker
        self.maintenance = maintenance
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await worker.run() }
                group.addTask {
                    while !Task.isCancelled {
                        await maintenance()
                        try? await Task.sleep(for: .seconds(60))
                    }
                }
            }
        }
    }
}
