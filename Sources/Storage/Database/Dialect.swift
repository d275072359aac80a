/// Everything that differs between SQLite and PostgreSQL, in one place. Queries are written once
/// and take the engine-specific fragments from here.
public struct Dialect: Sendable, Equatable {
    public enum Engine: String, Sendable { case sqlite, postgres }

    public let engine: Engine

    public static let sqlite = Dialect(engine: .sqlite)
    public static let postgres = Dialect(engine: .postgres)

    /// Column type of a surrogate key that the database assigns in insertion order.
    public var autoIncrementPrimaryKey: String {
        switch engine {
        case .sqlite: "INTEGER PRIMARY KEY AUTOINCREMENT"
        case .postgres: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        }
    }

    /// Written after `INSERT INTO t (…)` to give an identity column (`autoIncrementPrimaryKey`)
    /// a value chosen by the caller: PostgreSQL refuses one otherwise; SQLite takes it as given.
    public var overridingIdentity: String {
        switch engine {
        case .sqlite: ""
        case .postgres: "OVERRIDING SYSTEM VALUE"
        }
    }

    /// Options for a table whose rows are its primary key plus a little: SQLite then stores
    /// it as one B-tree instead of a rowid table and a separate key index.
    public var keyOnlyTableOptions: String {
        switch engine {
        case .sqlite: " WITHOUT ROWID"
        case .postgres: ""
        }
    }

    /// Starts a write transaction. SQLite takes the write lock up front so two transactions
    /// never deadlock upgrading from read to write.
    public var beginWrite: String {
        switch engine {
        case .sqlite: "BEGIN IMMEDIATE"
        case .postgres: "BEGIN"
        }
    }

    /// Locks the selected rows until the transaction ends. SQLite's write transaction already
    /// excludes every other writer.
    public var forUpdate: String {
        switch engine {
        case .sqlite: ""
        case .postgres: "FOR UPDATE"
        }
    }

    /// Row locking for work queues shared by several workers. SQLite has one writer at a time,
    /// so a claim inside its write transaction is already exclusive.
    public var forUpdateSkipLocked: String {
        switch engine {
        case .sqlite: ""
        case .postgres: "FOR UPDATE SKIP LOCKED"
        }
    }
}

extension Dialect {
    /// Held for the rest of a transaction so that two processes starting together do not
    /// apply the same migration twice. SQLite's write transaction is already exclusive.
    var migrationLock: String? {
        switch engine {
        case .sqlite: nil
        case .postgres: "SELECT pg_advisory_xact_lock(727001)"
        }
    }
}
