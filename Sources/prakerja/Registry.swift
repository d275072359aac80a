import Application
import ArgumentParser
import Domain
import Foundation
import Logging
import Storage
import Web

/// `prakerja registry import FILE.csv`: loads a civil-registry extract into the local registry.
struct Registry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The local civil registry.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Load records into the local registry from a CSV with columns nik, kk, full_name, birth_date, alive; a NIK imported again takes the new record."
        )

        @OptionGroup var common: CommonOptions
        @OptionGroup var credentials: OperatorCredentials

        @Argument(help: "CSV file whose header names nik, kk, full_name, birth_date and alive.")
        var file: String

        func run() async throws {
            let configuration = common.configuration()
            let logger = Logs.bootstrap(level: configuration.logLevel)
            let platform = try await Platform.open(configuration, logger: logger)
            let importer = RegistryImporter(
                database: platform.database, index: BlindIndex(key: platform.keys.blindIndex), regions: .bundled,
                clock: SystemClock())
            let report: RegistryImporter.Report
            do {
                try await platform.migrator.migrate(now: platform.clock.now())
                let actor = try await credentials.actor(platform, .importLists, action: "registry.import")
                report = try await importer.importFile(at: file)
                try await platform.audit.record(
                    .registryImported, actor: actor,
                    details: ["imported": "\(report.imported)", "rejected": "\(report.rejectedLines.count)"])
            } catch {
                await platform.database.close()
                throw error
            }
            await platform.database.close()
            print("imported: \(report.imported)")
            print("rejected: \(report.rejectedLines.count)")
            for rejection in report.rejectedLines.prefix(1000) {
                print("line \(rejection.line): \(rejection.reason.rawValue)")
            }
            if report.rejectedLines.count > 1000 {
                print("… and \(report.rejectedLines.count - 1000) more rejected lines")
            }
        }
    }
}
