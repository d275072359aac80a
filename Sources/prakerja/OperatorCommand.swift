import Application
import ArgumentParser
import Domain
import Foundation
import Storage
import Web

/// `prakerja operator create|list`: operator accounts from the command line. The first admin
/// is created without credentials while no operator exists; after that an admin signs in.
struct OperatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator", abstract: "Operator accounts.", subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Create an operator; prints the TOTP secret once. The new password is read from PRAKERJA_NEW_OPERATOR_PASSWORD."
        )

        @OptionGroup var common: CommonOptions
        @OptionGroup var credentials: OperatorCredentials

        @Option(help: "The new operator's username.")
        var username: String

        @Option(
            help: "Roles, comma-separated: admin, verifier, finance, support, auditor. The first operator is admin.")
        var roles = "admin"

        func run() async throws {
            guard let password = ProcessInfo.processInfo.environment["PRAKERJA_NEW_OPERATOR_PASSWORD"] else {
                throw ValidationError("set PRAKERJA_NEW_OPERATOR_PASSWORD to the new operator's password")
            }
            guard let roleSet = OperatorRole.parseList(roles) else {
                throw ValidationError("--roles: one or more of admin, verifier, finance, support, auditor")
            }
            let configuration = common.configuration()
            let platform = try await Platform.open(configuration, logger: Logs.bootstrap(level: configuration.logLevel))
            let created: OperatorService.Created
            do {
                try await platform.migrator.migrate(now: platform.clock.now())
                if try await platform.operators.awaitsFirstOperator() {
                    guard roleSet == [.admin] else { throw ValidationError("the first operator must be an admin") }
                    created = try await platform.operators.bootstrap(username: username, password: password)
                } else {
                    guard let admin = try await credentials.signIn(platform) else {
                        throw ValidationError("operators exist: an admin must sign in with --operator and --totp")
                    }
                    created = try await platform.operators.create(
                        by: admin, username: username, password: password, roles: roleSet)
                }
            } catch let failure as OperatorService.Failure {
                await platform.database.close()
                throw ValidationError("operator not created: \(failure.code)")
            } catch {
                await platform.database.close()
                throw error
            }
            await platform.database.close()
            print("operator: \(created.username) (\(created.roles.text))")
            print("totp secret: \(created.totpSecret)")
            print("totp uri: \(created.provisioningURI)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List operators and their roles.")
        @OptionGroup var common: CommonOptions
        @OptionGroup var credentials: OperatorCredentials

        func run() async throws {
            let configuration = common.configuration()
            let platform = try await Platform.open(configuration, logger: Logs.bootstrap(level: configuration.logLevel))
            let all: [OperatorRecord]
            do {
                let principal = try await credentials.principal(platform)
                all = try await credentials.refusingForbidden { try await platform.operators.operators(as: principal) }
            } catch {
                await platform.database.close()
                throw error
            }
            await platform.database.close()
            for record in all {
                print("\(record.username)\t\(record.roles.text)\(record.isDisabled ? "\tdisabled" : "")")
            }
        }
    }
}
