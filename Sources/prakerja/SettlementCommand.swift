import Application
import ArgumentParser
import Domain
import Foundation
import Storage
import Web

/// `prakerja settlement run` pays the platforms what redeemed purchases owe them (the file
/// goes to standard output or `--out`); `prakerja settlement list` shows the past runs.
struct SettlementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settlement", abstract: "Settle what platforms are owed for redeemed trainings.",
        subcommands: [Run.self, List.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move each platform's owed total from its payable by a ledger transfer and write the file.")

        @OptionGroup var common: CommonOptions
        @OptionGroup var credentials: OperatorCredentials

        @Option(help: "Write the settlement file (CSV) here instead of standard output.")
        var out: String?

        func run() async throws {
            let settlement = try await WaveCommand.run(common, credentials) { platform, principal in
                try await platform.services.settlements.run(as: principal)
            }
            guard !settlement.lines.isEmpty else {
                print("nothing owed: no redeemed purchase waits for settlement")
                return
            }
            if let out {
                try settlement.csv.write(toFile: out, atomically: true, encoding: .utf8)
                print(
                    "settlement \(settlement.id): \(settlement.lines.count) lines, \(settlement.total) in all, file \(out)"
                )
            } else {
                print(settlement.csv, terminator: "")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The settlement runs, newest first.")

        @OptionGroup var common: CommonOptions
        @OptionGroup var credentials: OperatorCredentials

        func run() async throws {
            let settlements = try await WaveCommand.run(common, credentials) { platform, principal in
                try await platform.services.settlements.settlements(as: principal)
            }
            for settlement in settlements {
                print("\(settlement.id)  \(settlement.createdAt)  \(settlement.lines.count) lines  \(settlement.total)")
            }
        }
    }
}
