import Foundation

/// A PostgreSQL cluster of its own for a test that takes the database down and brings it back
/// (the shared test server must stay up). Started with scripts/start-postgres.sh.
public final class ScratchPostgres: Sendable {
    public let port: Int
    public let dataDirectory: String
    public var url: String { "postgres://postgres@127.0.0.1:\(port)/postgres" }

    public struct CommandFailed: Error, CustomStringConvertible {
        public let description: String
    }

    public init(port: Int) async throws {
        self.port = port
        dataDirectory = "/tmp/prakerja-pg-scratch-\(port)-\(UUID().uuidString.prefix(8))"
        try await start()
    }

    public func start() async throws {
        try await Self.shell(
            "PGPORT=\(port) PGDATA=\(dataDirectory) \(Self.repository)/scripts/start-postgres.sh >/dev/null")
    }

    /// Stops at once, as a crash or a cut network would look to the platform.
    public func crash() async throws {
        try await Self.shell(
            Self.asPostgres(
                "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/pg_ctl -D \(dataDirectory) -m immediate -w stop >/dev/null"
            ))
    }

    public func remove() async {
        try? await crash()
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    static var repository: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    static func asPostgres(_ command: String) -> String {
        getuid() == 0 ? "su postgres -s /bin/bash -c '\(command)'" : command
    }

    /// Runs a shell command and waits for the shell itself to exit. Not `Process`: it waits
    /// until every process holding the child's inherited descriptors exits, and the PostgreSQL
    /// daemon the command starts keeps them open.
    static func shell(_ command: String) async throws {
        let status = await Task.detached { () -> Int32 in
            var pid: pid_t = 0
            let words: [String] = ["/bin/bash", "-c", command]
            let arguments = words.map { strdup($0) }
            defer { for argument in arguments { free(argument) } }
            var argv = arguments + [nil]
            guard posix_spawn(&pid, "/bin/bash", nil, nil, &argv, environ) == 0 else { return -1 }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1, errno == EINTR {}
            return status
        }.value
        guard status == 0 else {
            throw CommandFailed(description: "\(command) exited with status \(status)")
        }
    }
}
