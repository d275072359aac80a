import Foundation
import SQLKit

/// Applies pending migrations and reports whether the schema is current.
public struct Migrator: Sendable {
    public let database: any DatabaseClient
    public let migrations: [Migration]

    public init(database: any DatabaseClient, migrations: [Migration] = Migrations.all) {
        self.database = database
        self.migrations = migrations
    }

    /// What applying the missing migrations did.
    public struct Outcome: Sendable, Equatable {
        /// The versions applied now.
        public var applied: [Int] = []
        /// What their data steps report for an operator, each line prefixed by its version.
        public var notes: [String] = []
    }

    /// Applies what is missing; returns the versions applied now.
    @discardableResult
    public func migrate(now: Date) async throws -> [Int] {
        try await migrateReporting(now: now).applied
    }

    /// Applies what is missing; returns the versions applied and what their data steps report.
    public func migrateReporting(now: Date) async throws -> Outcome {
        try await database.transaction { connection in
            try await Self.lock(connection)
            try await Self.createLedger(connection)
        }
        var outcome = Outcome()
        for migration in migrations {
            let notes: [String]? = try await database.transaction { connection in
                try await Self.lock(connection)
                let done = try await connection.sql.raw(
                    "SELECT version FROM schema_migrations WHERE version = \(bind: migration.version)"
                ).first()
                guard done == nil else { return nil }
                for statement in migration.statements(connection.dialect) {
                    try await connection.sql.raw(statement).run()
                }
                let notes = try await migration.data?(connection, now) ?? []
                try await connection.sql.raw(
                    """
                    INSERT INTO schema_migrations (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: now.millisecondsSince1970))
                    """
                ).run()
                return notes
            }
            if let notes {
                outcome.applied.append(migration.version)
                outcome.notes += notes.map { "migration \(migration.version): \($0)" }
            }
        }
        return outcome
    }

    /// Versions known to this build that the database has not applied.
    public func pending() async throws -> [Int] {
        let appliedVersions = try await database.read { connection -> Set<Int> in
            let exists = try await Self.ledgerExists(connection)
            guard exists else { return [] }
            let rows = try await connection.sql.raw("SELECT version FROM schema_migrations").all()
            return Set(try rows.map { try $0.decode(column: "version", as: Int.self) })
        }
        return migrations.map(\.version).filter { !appliedVersions.contains($0) }
    }

    private static func lock(_ connection: StorageConnection) async throws {
        if let lock = connection.dialect.migrationLock {
            try await connection.sql.raw("\(unsafeRaw: lock)").run()
        }
    }

    private static func createLedger(_ connection: StorageConnection) async throws {
        try await connection.sql.raw(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at BIGINT NOT NULL
            )
            """
        ).run()
    }

    private static func ledgerExists(_ connection: StorageConnection) async throws -> Bool {
        let query: SQLQueryString =
            switch connection.dialect.engine {
            case .sqlite:
                "SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
            case .postgres:
                "SELECT 1 AS present FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'"
            }
        return try await connection.sql.raw(query).first() != nil
    }
}
