import Application
import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import Storage
import UnixSignals
import Web

/// Runs only the outbox worker, for deployments that scale it apart from the web nodes.
struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the outbox worker without the web server.")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let configuration = common.configuration()
        let logger = Logs.bootstrap(level: configuration.logLevel)
        let platform = try await Platform.open(configuration, logger: logger)
        let group = ServiceGroup(
            services: [WorkerService(worker: platform.worker, maintenance: platform.services.maintenance)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        try await group.run()
        await platform.database.close()
    }
}
