import ArgumentParser
import Foundation
import Logging
import Web

/// Flags shared by every command; each overrides the environment variable it names.
struct CommonOptions: ParsableArguments {
    @Option(help: "Database: sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE (PRAKERJA_DATABASE_URL).")
    var databaseURL: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (PRAKERJA_LOG_LEVEL).")
    var logLevel: String?

    /// The environment with the flags applied on top.
    func environment(extra: [String: String?] = [:]) -> [String: String] {
        var variables = ProcessInfo.processInfo.environment
        let overrides: [String: String?] = ["PRAKERJA_DATABASE_URL": databaseURL, "PRAKERJA_LOG_LEVEL": logLevel]
        for (name, value) in overrides.merging(extra, uniquingKeysWith: { $1 }) {
            if let value { variables[name] = value }
        }
        return variables
    }

    /// Loads the configuration, or ends the process with one line naming the bad setting.
    func configuration(extra: [String: String?] = [:]) -> AppConfiguration {
        do {
            return try AppConfiguration.load(environment: environment(extra: extra))
        } catch {
            FileHandle.standardError.write(Data("prakerja: \(error)\n".utf8))
            Foundation.exit(2)
        }
    }
}

enum Logs {
    /// JSON lines on standard output, at the configured level.
    static func bootstrap(level: String) -> Logger {
        let level = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "prakerja")
    }
}
