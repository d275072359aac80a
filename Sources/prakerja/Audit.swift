import Application
import ArgumentParser
import Domain
import Foundation
import Logging
import Storage
import Web

/// The audit trail from the command line: check the chain, read the newest entries.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check and read the hash-chained audit log.", subcommands: [Verify.self, Checkpoint.self, List.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Recompute the chain from the first entry; exits 1 naming the first edited, inserted or missing entry.")

        @OptionGroup var common: CommonOptions

        @Option(
            help:
                "A head printed by an earlier verify, or a signed checkpoint line from the log or an auditor's email: it must still be in the chain (catches a cut)."
        )
        var expect: String?

        func run() async throws {
            let configuration = common.configuration()
            let logger = Logs.bootstrap(level: configuration.logLevel)
            let platform = try await Platform.open(configuration, logger: logger)
            let result = try await platform.audit.verify(expecting: expect)
            await platform.database.close()
            if let problem = result.problem {
                print("audit log BROKEN at entry \(problem.seq): \(problem.reason)")
                throw ExitCode(1)
            }
            // Writing the head down elsewhere (a ticket, a second system) also pins the tail.
            print(
                "audit log intact: \(result.entries) entries, head \(result.headHash.isEmpty ? "-" : result.headHash)")
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Print a signed checkpoint of the head now (also logged, and emailed to PRAKERJA_AUDITOR_EMAILS), and the key that checks it."
        )

        @OptionGroup var common: CommonOptions

        func run() async throws {
            let configuration = common.configuration()
            let logger = Logs.bootstrap(level: configuration.logLevel)
            let platform = try await Platform.open(configuration, logger: logger)
            let checkpoint: AuditCheckpoint
            do {
                checkpoint = try await platform.services.checkpoints.publish()
            } catch {
                await platform.database.close()
                throw error
            }
            await platform.database.close()
            print(checkpoint.line)
            print("public key \(platform.audit.signer.publicKey)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the newest entries, newest first (in production, for an operator who may read the log).")

        @OptionGroup var common: CommonOptions
        @OptionGroup var credentials: OperatorCredentials

        @Option(help: "Only entries of this event, e.g. login.failed.")
        var event: String?

        @Option(help: "How many entries.")
        var limit = 50

        func run() async throws {
            let configuration = common.configuration()
            let logger = Logs.bootstrap(level: configuration.logLevel)
            let platform = try await Platform.open(configuration, logger: logger)
            let entries: [AuditEntry]
            do {
                let principal = try await credentials.principal(platform)
                entries = try await credentials.refusingForbidden {
                    try await platform.operators.auditEntries(as: principal, event: event, limit: limit)
                }
            } catch {
                await platform.database.close()
                throw error
            }
            await platform.database.close()
            let formatter = ISO8601DateFormatter()
            for entry in entries {
                print(
                    "\(entry.seq)\t\(formatter.string(from: entry.at))\t\(entry.event)\t\(entry.actor)\t\(entry.subject)\t\(entry.details)"
                )
            }
        }
    }
}
