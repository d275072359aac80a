import Application
import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import Storage
import Web

/// Starts the web server and, unless disabled, the outbox worker, after applying migrations.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web server and background worker.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Address to listen on (PRAKERJA_HOST).")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one (PRAKERJA_PORT).")
    var port: Int?

    @Option(help: "Run the outbox worker in this process: true or false (PRAKERJA_WORKER).")
    var worker: String?

    func run() async throws {
        let configuration = common.configuration(extra: [
            "PRAKERJA_HOST": host, "PRAKERJA_PORT": port.map(String.init), "PRAKERJA_WORKER": worker,
        ])
        let logger = Logs.bootstrap(level: configuration.logLevel)
        let files = OpenFileLimit.raiseToHardLimit()
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

        let platform = try await Platform.open(configuration, logger: logger)
        let migrated = try await platform.migrator.migrateReporting(now: platform.clock.now())
        for note in migrated.notes { logger.warning("migration note", metadata: ["note": "\(note)"]) }
        try await platform.loadDemoData()
        logger.info(
            "starting",
            metadata: [
                "database": "\(configuration.database.redacted)", "migrations_applied": "\(migrated.applied.count)",
                "mail": "\(configuration.mail == .local ? "local" : "smtp")",
                "environment": "\(configuration.environment.rawValue)",
                "open_file_limit": "\(files.now)", "open_file_limit_before": "\(files.before)",
                "connection_cap": "\(configuration.connections.connectionCap(openFileLimit: files.now))",
            ])
        let app = buildApplication(platform: platform, logger: logger, metrics: registry) { port in
            logger.info("listening", metadata: ["port": "\(port)", "host": "\(configuration.host)"])
            Self.announce(port: port, configuration: configuration)
        }
        do {
            try await app.runService()
        } catch {
            await platform.database.close()
            throw error
        }
        await platform.database.close()
    }

    /// One line for the person who started the server (the JSON lines are for machines): where
    /// to open it. On standard error, so standard output stays JSON.
    static func announce(port: Int, configuration: AppConfiguration) {
        let host = ["0.0.0.0", "::", ""].contains(configuration.host) ? "127.0.0.1" : configuration.host
        var line = "Prakerja is running: open http://\(host):\(port)/ in a browser"
        if configuration.developmentToolsEnabled {
            line += " (demo mail, SMS, people and partners: /dev/mailbox, /dev/sms, /dev/identities, /dev/partners)"
        }
        FileHandle.standardError.write(Data((line + ". Ctrl-C stops it.\n").utf8))
    }
}
