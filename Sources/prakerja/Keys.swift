import Application
import ArgumentParser
import Domain
import Foundation
import Logging
import Storage
import Web

/// Data keys: make one, re-encrypt everything under the current one, see which keys are in use.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the keys personal data is encrypted under.",
        subcommands: [Generate.self, Rotate.self, Status.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a new random data key as ID=BASE64, to put first in PRAKERJA_DATA_KEYS.")

        @Option(help: "The new key's id: 1 to 16 letters, digits or '-'.")
        var id: String

        func run() throws {
            print(try DataKey.generate(id: id).line)
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Re-encrypt every personal-data value under the current (first) data key, in batches, while the platform runs. Restart the servers with the new key first."
        )

        @OptionGroup var common: CommonOptions
        @OptionGroup var credentials: OperatorCredentials

        @Option(help: "Rows per transaction.")
        var batchSize = 500

        func run() async throws {
            let configuration = common.configuration()
            let logger = Logs.bootstrap(level: configuration.logLevel)
            let platform = try await Platform.open(configuration, logger: logger)
            let actor: AuditActor
            do {
                actor = try await credentials.actor(platform, .rotateKeys, action: "keys.rotate")
            } catch {
                await platform.database.close()
                throw error
            }
            let current = configuration.dataKeys[0].id
            let report = try await platform.keyRotation.rotate(to: current, batchSize: batchSize, actor: actor)
            for (column, count) in report { print("\(column.rawValue): \(count) re-encrypted under \(current)") }
            await platform.database.close()
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count personal-data values per key id (clear = not yet encrypted).")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            let configuration = common.configuration()
            let logger = Logs.bootstrap(level: configuration.logLevel)
            let platform = try await Platform.open(configuration, logger: logger)
            let census = try await platform.keyRotation.census()
            for (column, keys) in census {
                let counts = keys.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                print("\(column.rawValue): \(counts.isEmpty ? "empty" : counts)")
            }
            await platform.database.close()
        }
    }
}
