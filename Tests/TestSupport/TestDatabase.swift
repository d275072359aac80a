import Foundation
import Logging
import SQLKit
import Storage

/// The engines every storage test runs against.
public enum TestEngine: String, CaseIterable, Sendable {
    case sqlite
    case postgres

}

/// A fresh, migrated database per test: a temporary SQLite file, or a new PostgreSQL database
/// on the server named by `PRAKERJA_TEST_POSTGRES_URL` (which `.ci/run` starts). PostgreSQL
/// tests fail, not skip, when that server is missing.
public enum TestDatabase {
    public static let logger = Logger(label: "test")
    /// The data key tests and the servers they start share (`PRAKERJA_DATA_KEYS`).
    public static let dataKey = try! DataKey(id: "test1", bytes: Array(repeating: 0x5A, count: 32))
    public static let cipher = FieldCipher(keys: [dataKey], indexKey: Array(repeating: 0x3C, count: 32))

    public struct MissingPostgres: Error, CustomStringConvertible {
        public var description: String {
            "PRAKERJA_TEST_POSTGRES_URL is not set: start PostgreSQL with scripts/start-postgres.sh and export the URL it prints"
        }
    }

    /// A new empty database's URL; the caller migrates (or lets the server do it).
    public static func makeURL(_ engine: TestEngine) async throws -> String {
        let name = "prakerja_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
        switch engine {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prakerja-tests")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return "sqlite:" + directory.appendingPathComponent("\(name).sqlite").path
        case .postgres:
            guard let admin = ProcessInfo.processInfo.environment["PRAKERJA_TEST_POSTGRES_URL"] else {
                throw MissingPostgres()
            }
            guard case .postgres(let settings) = try DatabaseURL(admin) else { throw MissingPostgres() }
            let client = try await PostgresDatabaseClient.open(
                settings, maxConnections: 1, cipher: cipher, logger: logger)
            try await client.read { try await $0.sql.raw("CREATE DATABASE \(ident: name)").run() }
            await client.close()
            var components = URLComponents(string: admin)!
            components.path = "/\(name)"
            return components.string!
        }
    }

    /// Opens a fresh migrated database, runs `body`, and closes it.
    public static func with<T: Sendable>(
        _ engine: TestEngine, _ body: (any DatabaseClient) async throws -> T
    ) async throws -> T {
        let url = try await makeURL(engine)
        let database = try await open(url)
        do {
            try await Migrator(database: database).migrate(now: Date())
            let result = try await body(database)
            await database.close()
            await drop(url)
            return result
        } catch {
            await database.close()
            await drop(url)
            throw error
        }
    }

    /// Removes a PostgreSQL test database once its test is done, so that runs do not fill the
    /// disk (SQLite files live in the temporary directory). Best effort: a failure leaves it.
    static func drop(_ url: String) async {
        guard case .postgres = try? DatabaseURL(url),
            let admin = ProcessInfo.processInfo.environment["PRAKERJA_TEST_POSTGRES_URL"],
            case .postgres(let settings) = try? DatabaseURL(admin),
            let name = URLComponents(string: url)?.path.dropFirst(), !name.isEmpty
        else { return }
        guard
            let client = try? await PostgresDatabaseClient.open(
                settings, maxConnections: 1, cipher: cipher, logger: logger)
        else { return }
        try? await client.read { try await $0.sql.raw("DROP DATABASE IF EXISTS \(ident: String(name))").run() }
        await client.close()
    }

    public static func open(_ url: String) async throws -> any DatabaseClient {
        try await DatabaseURL(url).open(cipher: cipher, logger: logger)
    }
}
