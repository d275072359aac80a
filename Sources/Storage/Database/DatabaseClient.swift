import Foundation
import SQLKit

/// The database the platform runs on: SQLite (embedded default) or PostgreSQL (production).
/// Every query goes through `read` or `transaction`, with the same SQL for both engines;
/// what differs between them is in `Dialect`.
public protocol DatabaseClient: Sendable {
    var dialect: Dialect { get }
    /// The cipher every connection's stores seal personal data with.
    var cipher: FieldCipher { get }

    /// Runs `body` outside a transaction, for reads.
    func read<T: Sendable>(_ body: @Sendable (StorageConnection) async throws -> T) async throws -> T

    /// Runs `body` in a write transaction: committed (and on disk) when it returns, rolled back
    /// when it throws.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (StorageConnection) async throws -> T) async throws -> T

    /// Connections in use and callers waiting for one, for metrics.
    func poolUsage() -> PoolUsage

    func close() async
}

public struct PoolUsage: Sendable, Equatable {
    public var inUse: Int
    public var waiting: Int
    public var capacity: Int
}

/// One connection's worth of SQL, with the dialect to pick engine-specific fragments.
public struct StorageConnection: Sendable {
    public let sql: any SQLDatabase
    public let dialect: Dialect
    /// Seals personal data before stores write it and opens it when they read it.
    public let cipher: FieldCipher

    public init(sql: any SQLDatabase, dialect: Dialect, cipher: FieldCipher) {
        self.sql = sql
        self.dialect = dialect
        self.cipher = cipher
    }
}
