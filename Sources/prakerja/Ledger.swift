import Application
import ArgumentParser
import Domain
import Foundation
import Storage
import Web

/// The ledger from the command line: check it against its transfers, read a balance.
struct Ledger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the double-entry ledger and read balances.", subcommands: [Verify.self, Balance.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Recompute every balance from the transfers and check debits equal credits; exits 1 naming each difference."
        )

        @OptionGroup var common: CommonOptions

        func run() async throws {
            let configuration = common.configuration()
            let logger = Logs.bootstrap(level: configuration.logLevel)
            let platform = try await Platform.open(configuration, logger: logger)
            _ = try await platform.migrator.migrate(now: platform.clock.now())
            let check = try await platform.services.ledger.verify()
            await platform.database.close()
            guard check.problems.isEmpty else {
                print("ledger BROKEN:")
                for problem in check.problems { print("  \(problem)") }
                throw ExitCode(1)
            }
            print(
                "ledger intact: \(check.accounts) accounts, \(check.transfers) transfers, "
                    + "Rp\(check.postedTotal) posted, debits equal credits")
        }
    }

    struct Balance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one account's balance.")

        @OptionGroup var common: CommonOptions

        @Argument(help: "The account id, e.g. treasury or programme_budget:2023.")
        var account: String

        func run() async throws {
            let configuration = common.configuration()
            let logger = Logs.bootstrap(level: configuration.logLevel)
            let platform = try await Platform.open(configuration, logger: logger)
            let balance = try await platform.services.ledger.balance(of: account)
            await platform.database.close()
            guard let balance else {
                print("no account \(account)")
                throw ExitCode(1)
            }
            print(
                "\(account): credits \(balance.creditsPosted) (+\(balance.creditsPending) pending), "
                    + "debits \(balance.debitsPosted) (+\(balance.debitsPending) pending), available \(balance.available)"
            )
        }
    }
}
