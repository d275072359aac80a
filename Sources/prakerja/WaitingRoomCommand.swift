import Application
import ArgumentParser
import Domain
import Foundation
import Logging
import Storage
import Web

/// `prakerja waiting-room …`: schedule an opening, clear it, or show the line.
struct WaitingRoomCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "waiting-room", abstract: "The waiting room's line and scheduled openings.",
        subcommands: [Open.self, Clear.self, Status.self])

    /// Runs `body` on the line, read only.
    static func withWaitingRoom(_ common: CommonOptions, _ body: (WaitingRoom) async throws -> Void) async throws {
        let configuration = common.configuration()
        let platform = try await Platform.open(configuration, logger: Logs.bootstrap(level: configuration.logLevel))
        do {
            try await platform.migrator.migrate(now: platform.clock.now())
            try await body(WaitingRoom(database: platform.database))
        } catch {
            await platform.database.close()
            throw error
        }
        await platform.database.close()
    }

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Schedule an opening: everyone waits until then; with --randomise, those who arrive before it are placed by a draw, then first come first served."
        )
        @OptionGroup var common: CommonOptions
        @OptionGroup var credentials: OperatorCredentials
        @Option(help: "When: an ISO 8601 time (2026-12-01T09:00:00+07:00) or +SECONDS from now.") var at: String
        @Flag(help: "Place everyone who arrived before the opening in a random order.") var randomise = false

        func run() async throws {
            let when = try Moment.parse(at, option: "--at", now: SystemClock().now())
            try await WaveCommand.run(common, credentials) { platform, principal in
                try await platform.operators.scheduleWaitingRoom(openingAt: when, randomise: randomise, as: principal)
            }
            print("opening: \(ISO8601DateFormatter().string(from: when))\(randomise ? " (randomised)" : "")")
        }
    }

    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove the scheduled opening.")
        @OptionGroup var common: CommonOptions
        @OptionGroup var credentials: OperatorCredentials

        func run() async throws {
            try await WaveCommand.run(common, credentials) { platform, principal in
                try await platform.operators.scheduleWaitingRoom(openingAt: nil, randomise: false, as: principal)
            }
            print("opening: none")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the line.")
        @OptionGroup var common: CommonOptions

        func run() async throws {
            try await WaitingRoomCommand.withWaitingRoom(common) { room in
                let snapshot = try await room.snapshot()
                print("admitted through: \(snapshot.state.admittedThrough)")
                print("placed and waiting: \(snapshot.state.placedWaiting)")
                print("not yet placed: \(snapshot.unplaced)")
                let opening = snapshot.state.openingAt.map {
                    ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double($0)))
                }
                print("opening: \(opening ?? "none")\(snapshot.state.randomise ? " (randomised)" : "")")
            }
        }
    }
}
