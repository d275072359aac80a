import Application
import ArgumentParser
import Domain
import Foundation
import Storage
import Web

/// `prakerja wave …`: create waves, close them, enter the public value, draw, print the file;
/// `prakerja wave fund` moves treasury money into a scheme's budget.
struct WaveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wave", abstract: "Waves (gelombang): create, close, draw, publish; fund the programme budget.",
        subcommands: [
            Create.self, List.self, Open.self, Close.self, PublicValue.self, Draw.self, SelectionFile.self, Fund.self,
        ])

    /// Runs `body` with the platform (migrated) and the principal the credentials name.
    static func run<T>(
        _ common: CommonOptions, _ credentials: OperatorCredentials,
        _ body: (Platform, OperatorPrincipal) async throws -> T
    ) async throws -> T {
        let configuration = common.configuration()
        let platform = try await Platform.open(configuration, logger: Logs.bootstrap(level: configuration.logLevel))
        do {
            _ = try await platform.migrator.migrate(now: platform.clock.now())
            let principal = try await credentials.principal(platform)
            let result = try await credentials.refusingForbidden { try await body(platform, principal) }
            await platform.database.close()
            return result
        } catch let failure as WaveService.Failure {
            await platform.database.close()
            print("refused: \(failure.code) (\(failure))")
            throw ExitCode(1)
        } catch {
            await platform.database.close()
            throw error
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a wave; prints its draw commitment.")
        @OptionGroup var common: CommonOptions
        @OptionGroup var credentials: OperatorCredentials
        @Option(help: "The wave's number.") var number: Int
        @Option(help: "Opening: ISO 8601 or +SECONDS.") var opens: String = "+0"
        @Option(help: "Closing: ISO 8601 or +SECONDS.") var closes: String
        @Option(help: "Scheme code.") var scheme = "2023"
        @Option(help: "Scheme version.") var schemeVersion = 1
        @Option(help: "Most places in all.") var total: Int
        @Option(help: "Places reserved for priority lists.") var reserved = 0
        @Option(help: "Places per province or regency: 31=1200,32=3400.") var quota: String
        @Option(help: "The public random value the draw will use, named now, e.g. 'drand quicknet round 1234567'.")
        var publicSource: String

        func run() async throws {
            guard let groups = GroupQuotas.parse(quota) else {
                throw ValidationError("--quota must be CODE=PLACES,… with 2- or 4-digit codes, got \(quota)")
            }
            let now = SystemClock().now()
            let new = WaveService.NewWave(
                number: number, opensAt: try Moment.parse(opens, option: "--opens", now: now),
                closesAt: try Moment.parse(closes, option: "--closes", now: now), schemeCode: scheme,
                schemeVersion: schemeVersion, totalQuota: total, reservedQuota: reserved, groupQuotas: groups,
                publicSource: publicSource)
            let wave = try await WaveCommand.run(common, credentials) { platform, principal in
                try await platform.services.waves.create(new, as: principal)
            }
            print("wave \(wave.number) created; draw commitment \(wave.commitment)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every wave and where it stands.")
        @OptionGroup var common: CommonOptions
        @OptionGroup var credentials: OperatorCredentials

        func run() async throws {
            let waves = try await WaveCommand.run(common, credentials) { platform, _ in
                try await platform.services.waves.waves()
            }
            let now = SystemClock().now()
            let format = ISO8601DateFormatter()
            for wave in waves {
                print(
                    "\(wave.number)\t\(wave.phase(at: now).rawValue)\t\(format.string(from: wave.opensAt))\t\(format.string(from: wave.closesAt))\tquota \(wave.totalQuota)\tcommitment \(wave.commitment)"
                )
            }
        }
    }

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open a scheduled wave now.")
        @OptionGroup var common: CommonOptions
        @OptionGroup var credentials: OperatorCredentials
        @Argument var number: Int

        func run() async throws {
            try await WaveCommand.run(common, credentials) { try await $0.services.waves.open(number: number, as: $1) }
            print("wave \(number) open")
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a wave now.")
        @OptionGroup var common: CommonOptions
        @OptionGroup var credentials: OperatorCredentials
        @Argument var number: Int

        func run() async throws {
            try await WaveCommand.run(common, credentials) { try await $0.services.waves.close(number: number, as: $1) }
            print("wave \(number) closed")
        }
    }

    struct PublicValue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "public-value", abstract: "Enter the public random value named when the wave opened.")
        @OptionGroup var common: CommonOptions
        @OptionGroup var credentials: OperatorCredentials
        @Argument var number: Int
        @Argument var value: String

        func run() async throws {
            try await WaveCommand.run(common, credentials) {
                try await $0.services.waves.enterPublicValue(number: number, value: value, as: $1)
            }
            print("public value of wave \(number) recorded")
        }
    }

    struct Draw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the selection: re-check, freeze, draw, issue cards and balances, announce, publish.")
        @OptionGroup var common: CommonOptions
        @OptionGroup var credentials: OperatorCredentials
        @Argument var number: Int

        func run() async throws {
            let file = try await WaveCommand.run(common, credentials) {
                try await $0.services.waves.draw(number: number, as: $1)
            }
            let selected = file.entries.filter(\.outcome.isSelected).count
            print(
                "wave \(number) drawn: \(file.entries.count) entries, \(selected) selected, entry list \(file.entryListHash)"
            )
        }
    }

    struct SelectionFile: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "selection", abstract: "Print a drawn wave's published selection file.")
        @OptionGroup var common: CommonOptions
        @OptionGroup var credentials: OperatorCredentials
        @Argument var number: Int

        func run() async throws {
            let file = try await WaveCommand.run(common, credentials) { platform, _ in
                try await platform.services.waves.selectionFile(number: number)
            }
            guard let file else {
                print("wave \(number) has no selection yet")
                throw ExitCode(1)
            }
            print(file)
        }
    }

    struct Fund: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move money from the treasury into a scheme version's programme budget (finance).")
        @OptionGroup var common: CommonOptions
        @OptionGroup var credentials: OperatorCredentials
        @Option(help: "Scheme code.") var scheme = "2023"
        @Option(help: "Scheme version.") var schemeVersion = 1
        @Option(help: "Whole rupiah.") var amount: Int64
        @Option(help: "The idempotency key, e.g. the budget document's number: the same key moves money once.")
        var key: String

        func run() async throws {
            guard amount > 0 else { throw ValidationError("--amount must be positive") }
            let applied = try await WaveCommand.run(common, credentials) {
                try await $0.services.waves.fundBudget(
                    schemeCode: scheme, schemeVersion: schemeVersion, amount: Rupiah(amount), key: key, as: $1)
            }
            print(applied == .created ? "budget funded with \(Rupiah(amount))" : "already done: key \(key) was used")
        }
    }
}
