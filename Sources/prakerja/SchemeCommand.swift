import Application
import ArgumentParser
import Domain
import Foundation
import Storage
import Web

/// Scheme versions from the command line: list them, add one from a JSON file.
struct SchemeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheme", abstract: "List scheme versions or add a new one.", subcommands: [List.self, Add.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every stored scheme version.")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            let configuration = common.configuration()
            let logger = Logs.bootstrap(level: configuration.logLevel)
            let platform = try await Platform.open(configuration, logger: logger)
            _ = try await platform.migrator.migrate(now: platform.clock.now())
            let schemes = try await platform.services.schemes.all()
            await platform.database.close()
            for scheme in schemes {
                print(
                    "\(scheme.versionName)\tbalance \(scheme.trainingBalance)\tdeadline \(scheme.purchaseDeadlineDays) days"
                        + "\ttest \(scheme.test.questions) questions, \(scheme.test.minutes) min, pass \(scheme.test.passMarkPercent)%"
                )
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Add a scheme version from a JSON file (the fields `scheme list` shows, snake_case); a used version is never edited."
        )

        @OptionGroup var common: CommonOptions
        @OptionGroup var credentials: OperatorCredentials

        @Argument(help: "The JSON definition.")
        var file: String

        func run() async throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            let configuration = common.configuration()
            let logger = Logs.bootstrap(level: configuration.logLevel)
            let platform = try await Platform.open(configuration, logger: logger)
            let scheme: Scheme
            do {
                _ = try await platform.migrator.migrate(now: platform.clock.now())
                let principal = try await credentials.principal(platform)
                scheme = try await credentials.refusingForbidden {
                    try await platform.services.schemes.add(definition: data, as: principal)
                }
            } catch let failure as SchemeService.Failure {
                await platform.database.close()
                switch failure {
                case .invalidDefinition(let problem): print("not a scheme definition: \(problem)")
                case .versionTaken(let name): print("scheme \(name) exists with another definition; add a new version")
                }
                throw ExitCode(1)
            } catch {
                await platform.database.close()
                throw error
            }
            await platform.database.close()
            print("scheme \(scheme.versionName) stored")
        }
    }
}
