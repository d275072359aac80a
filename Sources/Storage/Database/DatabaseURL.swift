import Foundation
import Logging

/// Where the data lives: `sqlite:PATH` or `postgres://user:password@host:port/database`.
public enum DatabaseURL: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(PostgresSettings)

    public struct PostgresSettings: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
        public var requireTLS: Bool
    }

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ text: String) throws {
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else { throw Invalid(description: "expected sqlite:PATH") }
            self = .sqlite(path: path)
            return
        }
        guard let components = URLComponents(string: text),
            let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql"
        else {
            throw Invalid(description: "expected sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        guard let host = components.host, !host.isEmpty else {
            throw Invalid(description: "the postgres URL has no host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw Invalid(description: "the postgres URL has no user name")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw Invalid(description: "the postgres URL names no database") }
        let sslMode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable"
        guard ["disable", "require"].contains(sslMode) else {
            throw Invalid(description: "sslmode must be disable or require")
        }
        self = .postgres(
            PostgresSettings(
                host: host, port: components.port ?? 5432, username: user,
                password: components.password?.removingPercentEncoding, database: database,
                requireTLS: sslMode == "require"))
    }

    /// The URL with any password masked, safe to log.
    public var redacted: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let settings):
            "postgres://\(settings.username)@\(settings.host):\(settings.port)/\(settings.database)"
        }
    }
}

extension DatabaseURL {
    /// Opens the database this URL names, on the engine it names.
    public func open(cipher: FieldCipher, logger: Logger) async throws -> any DatabaseClient {
        switch self {
        case .sqlite(let path): try await SQLiteDatabaseClient.open(path: path, cipher: cipher, logger: logger)
        case .postgres(let settings): try await PostgresDatabaseClient.open(settings, cipher: cipher, logger: logger)
        }
    }
}
