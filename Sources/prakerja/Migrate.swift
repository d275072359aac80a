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
        let migrated = try await platform.migrator.migrateReporting(now: platform.clock.now())
        for note in migrated.notes { logger.warning("migration note", metadata: ["note": "\(note)"]) }
        logger.info(
            "migrated", metadata: ["applied": "\(migrated.applied)", "database": "\(configuration.database.redacted)"])
        await platform.database.close()
    }
}
