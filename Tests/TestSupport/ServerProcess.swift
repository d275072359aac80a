import Foundation
import Storage
import Synchronization

/// A real `prakerja serve` process on a free port, for tests over HTTP.
public final class ServerProcess: Sendable {
    public let baseURL: String
    public let databaseURL: String
    /// The port it listens on.
    public var port: Int { Int(baseURL.split(separator: ":").last ?? "") ?? 0 }
    private let process: Process
    private let output: LineLog

    /// The built executable: `PRAKERJA_BINARY`, or `.build/debug/prakerja` in this package.
    public static var binary: String {
        if let path = ProcessInfo.processInfo.environment["PRAKERJA_BINARY"] { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/prakerja").path
    }

    private init(process: Process, baseURL: String, databaseURL: String, output: LineLog) {
        self.process = process
        self.baseURL = baseURL
        self.databaseURL = databaseURL
        self.output = output
    }

    /// Starts a server on `databaseURL` and waits until it listens.
    public static func start(
        databaseURL: String, environment extra: [String: String] = [:],
        secretKey: String = String(repeating: "ab", count: 32), openFileLimit: Int? = nil
    ) async throws -> ServerProcess {
        let environment = Self.environment(databaseURL: databaseURL, extra: extra, secretKey: secretKey)
        return try await start(
            arguments: ["serve", "--port", "0"], environment: environment, databaseURL: databaseURL,
            openFileLimit: openFileLimit)
    }

    /// Starts `prakerja worker` on `databaseURL` with the servers' keys; it listens on no port.
    public static func startWorker(
        databaseURL: String, environment extra: [String: String] = [:],
        secretKey: String = String(repeating: "ab", count: 32)
    ) throws -> ServerProcess {
        let environment = environment(databaseURL: databaseURL, extra: extra, secretKey: secretKey)
        let (process, lines) = try launch(["worker"], environment: environment) { _ in }
        return ServerProcess(process: process, baseURL: "", databaseURL: databaseURL, output: lines)
    }

    /// The environment a test server or worker runs with.
    static func environment(databaseURL: String, extra: [String: String], secretKey: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PRAKERJA_DATABASE_URL"] = databaseURL
        environment["PRAKERJA_SECRET_KEY"] = secretKey
        environment["PRAKERJA_BCRYPT_COST"] = "4"
        environment["PRAKERJA_DATA_KEYS"] = TestDatabase.dataKey.line
        environment["PRAKERJA_POW_BITS"] = "10"
        environment["PRAKERJA_LOG_LEVEL"] = "info"
        // A loaded test machine answers slowly; a line formed by that would turn unrelated
        // tests' requests into 503s. The waiting room's own tests set their targets.
        environment["PRAKERJA_TARGET_LATENCY_MS"] = "5000"
        environment.removeValue(forKey: "PRAKERJA_SMTP_URL")
        environment.removeValue(forKey: "PRAKERJA_PORT")
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Starts any `prakerja` command that logs a `listening` line with its port; with
    /// `openFileLimit`, under that soft and hard `RLIMIT_NOFILE`.
    public static func start(
        arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
        databaseURL: String = "", openFileLimit: Int? = nil
    ) async throws -> ServerProcess {
        let port = Mutex<Int?>(nil)
        let (process, lines) = try launch(arguments, environment: environment, openFileLimit: openFileLimit) { line in
            if line.contains("\"message\":\"listening\""),
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let text = object["port"] as? String, let value = Int(text)
            {
                port.withLock { $0 = value }
            }
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let value = port.withLock({ $0 }) {
                return ServerProcess(
                    process: process, baseURL: "http://127.0.0.1:\(value)", databaseURL: databaseURL, output: lines)
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        let log = lines.lines.withLock { $0.joined(separator: "\n") }
        throw StartFailed(log: log)
    }

    /// Runs the binary with its output kept line by line, each line also handed to `onLine`.
    private static func launch(
        _ arguments: [String], environment: [String: String], openFileLimit: Int? = nil,
        onLine: @escaping @Sendable (String) -> Void
    ) throws -> (Process, LineLog) {
        let process = Process()
        if let openFileLimit {
            // The shell sets both limits and then becomes the server, keeping its process id.
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -n \(openFileLimit) && exec \"$0\" \"$@\"", binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let lines = LineLog()
        let buffer = Mutex(Data())
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            guard !chunk.isEmpty else { return }
            let complete: [String] = buffer.withLock { data in
                data.append(chunk)
                var found: [String] = []
                while let newline = data.firstIndex(of: 0x0A) {
                    found.append(String(decoding: data[data.startIndex..<newline], as: UTF8.self))
                    data.removeSubrange(data.startIndex...newline)
                }
                return found
            }
            for line in complete {
                lines.lines.withLock { $0.append(line) }
                onLine(line)
            }
        }
        try process.run()
        return (process, lines)
    }

    public struct StartFailed: Error, CustomStringConvertible {
        public let log: String
        public var description: String { "the server did not start:\n\(log)" }
    }

    /// Everything the process has printed so far.
    public var log: [String] { output.lines.withLock { $0 } }

    /// The exit status once the process has ended, nil while it runs.
    public var exitStatus: Int32? { process.isRunning ? nil : process.terminationStatus }

    /// Graceful stop (SIGTERM), waiting for the process to exit.
    public func stop() async {
        guard process.isRunning else { return }
        process.terminate()
        await waitForExit()
    }

    /// Hard stop (SIGKILL), as a crash or power cut would.
    public func kill() async {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        await waitForExit()
    }

    private func waitForExit() async {
        let deadline = ContinuousClock.now + .seconds(30)
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}

/// Lines a process printed, shared with the pipe's reader.
final class LineLog: Sendable {
    let lines = Mutex<[String]>([])
}

/// Runs one `prakerja` command to its end, for commands such as `operator create`.
public enum PrakerjaCommand {
    public static func run(
        _ arguments: [String], databaseURL: String, environment extra: [String: String] = [:]
    ) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.binary)
        process.arguments = arguments
        process.environment = ServerProcess.environment(
            databaseURL: databaseURL, extra: extra, secretKey: String(repeating: "ab", count: 32))
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
