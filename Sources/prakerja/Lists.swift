import Application
import ArgumentParser
import Domain
import Foundation
import Logging
import Storage
import Web

/// `prakerja lists import --kind asn FILE.csv`: imports an exclusion or priority list.
struct Lists: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Exclusion and priority lists.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Import a list from a CSV file with an nik column; prints a report of accepted and rejected lines.")

        @OptionGroup var common: CommonOptions
        @OptionGroup var credentials: OperatorCredentials

        @Option(help: "The list: \(ListKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        var kind: String

        @Argument(help: "CSV file whose header names an nik column.")
        var file: String

        func run() async throws {
            guard let listKind = ListKind(rawValue: kind) else {
                throw ValidationError(
                    "unknown list \(kind); one of \(ListKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let configuration = common.configuration()
            let logger = Logs.bootstrap(level: configuration.logLevel)
            let platform = try await Platform.open(configuration, logger: logger)
            let started = ContinuousClock.now
            let report: ListImporter.Report
            do {
                try await platform.migrator.migrate(now: platform.clock.now())
                let principal = try await credentials.principal(platform)
                report = try await credentials.refusingForbidden {
                    try await platform.lists.importFile(at: file, kind: listKind, as: principal)
                }
            } catch {
                await platform.database.close()
                throw error
            }
            await platform.database.close()
            let elapsed = ContinuousClock.now - started
            print("list: \(listKind.rawValue)")
            print("accepted: \(report.accepted)")
            print("duplicates: \(report.duplicates)")
            print("rejected: \(report.rejected)")
            print(
                "seconds: \(String(format: "%.2f", elapsed.seconds))"
            )
            for rejection in report.rejectedLines.prefix(1000) {
                print("line \(rejection.line): \(rejection.reason.rawValue)")
            }
            if report.rejected > 1000 { print("… and \(report.rejected - 1000) more rejected lines") }
        }
    }
}
