import Foundation

/// A real SMTP server process (aiosmtpd, from PyPI) that keeps what it receives.
public final class SMTPSink: Sendable {
    let process: Process
    public let port: Int
    let folder: URL

    /// How the sink speaks TLS, with the certificate and key files it presents.
    public enum TLS: Sendable {
        case none
        case startTLS(certificate: String, key: String)
        case implicit(certificate: String, key: String)

        var arguments: [String] {
            switch self {
            case .none: ["none"]
            case .startTLS(let certificate, let key): ["starttls", certificate, key]
            case .implicit(let certificate, let key): ["implicit", certificate, key]
            }
        }
    }

    /// Starts the sink on `port`, or on a free port when nil; each message takes `delay` ms.
    public init(port: Int? = nil, delay: Int = 0, tls: TLS = .none) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-\(UUID().uuidString)")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Support/smtp_sink.py")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", script.path, folder.path, "mailer", "s3cret pass"] + [String(port ?? 0), String(delay)]
            + tls.arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var bytes: [UInt8] = []
        while bytes.last != 0x0A, bytes.count < 64 {
            let chunk = pipe.fileHandleForReading.readData(ofLength: 1)
            if chunk.isEmpty { break }
            bytes += chunk
        }
        let line = String(decoding: bytes, as: UTF8.self)
        guard let port = Int(line.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
        else {
            process.terminate()
            throw SinkFailed(output: line)
        }
        self.port = port
    }

    public struct SinkFailed: Error {
        public let output: String
    }

    /// Every message received so far, oldest first: envelope and raw content.
    public func messages() throws -> [[String: Any]] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return try files.filter { $0.hasSuffix(".json") }.sorted().map { file in
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        }
    }

    public func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { if process.isRunning { process.terminate() } }
}
