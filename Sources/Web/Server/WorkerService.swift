import Application
import Domain
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Storage

/// Runs the outbox worker beside the web server; stops it on graceful shutdown.
public struct WorkerService: Service {
    let worker: OutboxWorker

    public init(worker: OutboxWorker) {
        self.worker = worker
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await worker.run()
        }
    }
}
