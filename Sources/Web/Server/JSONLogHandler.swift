import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage
import Synchronization

/// Writes one JSON object a line to standard output: time, level, label, message, metadata.
/// Lines from concurrent tasks never interleave: each is written whole under one lock.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let clock: any AppClock
    private let output: LineOutput

    public init(label: String, clock: any AppClock = SystemClock(), output: LineOutput = .standardOutput) {
        self.label = label
        self.clock = clock
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: String] = [:]
        for (key, value) in metadata { object[key] = "\(value)" }
        for (key, value) in event.metadata ?? [:] { object[key] = "\(value)" }
        object["time"] = clock.now().formatted(.iso8601)
        object["level"] = event.level.rawValue
        object["label"] = label
        object["message"] = "\(event.message)"
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        data.append(0x0A)
        output.write(data)
    }
}

/// Where log lines go. A write to a file or pipe may be split by the system (past 4 KiB on a
/// pipe), so lines are written one at a time under a lock: concurrent lines never interleave.
public final class LineOutput: Sendable {
    private let lock = Mutex(())
    private let write: @Sendable (Data) -> Void

    public init(write: @escaping @Sendable (Data) -> Void) {
        self.write = write
    }

    public convenience init(_ handle: FileHandle) {
        self.init { handle.write($0) }
    }

    public static let standardOutput = LineOutput(.standardOutput)

    public func write(_ line: Data) {
        lock.withLock { _ in write(line) }
    }
}
