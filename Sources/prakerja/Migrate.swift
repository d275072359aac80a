import Application
import ArgumentParser
import Foundation
import Logging
import Storage
import Web

/// Applies pending migrations and exits.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let configuration = common.configuration()
        let logger = Logs.bootstrap(level: configuration.logLevel)
        let platform = try await Platform.open(configuration, logger: logger)
        let applied = try await platform.migrator.migrate(now: platform.clock.now())
        logger.info("migrated", metadata: ["applied": "\(applied)", "database": "\(configuration.database.redacted)"])
        await platform.database.close()
    }
}
