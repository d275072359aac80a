import Foundation
import Logging
import NIOPosix
import PostgresKit
import PostgresNIO
import SQLKit
import Synchronization

/// PostgreSQL through a PostgresNIO connection pool, with the server's default durability
/// (`synchronous_commit=on`): COMMIT returns after the WAL is flushed.
public final class PostgresDatabaseClient: DatabaseClient {
    public let dialect = Dialect.postgres

    private let client: PostgresClient
    private let runTask: Task<Void, Never>
    private let maxConnections: Int
    private let usage = Mutex((inUse: 0, waiting: 0))
    private let loops: MultiThreadedEventLoopGroup

    public let cipher: FieldCipher

    private init(client: PostgresClient, loops: MultiThreadedEventLoopGroup, maxConnections: Int, cipher: FieldCipher) {
        self.cipher = cipher
        self.loops = loops
        self.client = client
        self.maxConnections = maxConnections
        self.runTask = Task { await client.run() }
    }

    public static func open(
        _ settings: DatabaseURL.PostgresSettings, maxConnections: Int = 16, cipher: FieldCipher, logger: Logger
    ) async throws -> PostgresDatabaseClient {
        var configuration = PostgresClient.Configuration(
            host: settings.host, port: settings.port, username: settings.username,
            password: settings.password, database: settings.database,
            tls: settings.requireTLS ? .require(.makeClientConfiguration()) : .disable)
        configuration.options.maximumConnections = maxConnections
        configuration.options.minimumConnections = 0
        let loops = DatabaseEventLoop.make()
        let client = PostgresClient(configuration: configuration, eventLoopGroup: loops, backgroundLogger: logger)
        let database = PostgresDatabaseClient(
            client: client, loops: loops, maxConnections: maxConnections, cipher: cipher)
        // Fail at start-up, with the server's reason, rather than on the first request.
        do {
            _ = try await database.read { try await $0.sql.raw("SELECT 1 AS one").all() }
        } catch {
            await database.close()
            throw error
        }
        return database
    }

    /// How long a caller waits for a connection before the database counts as unavailable.
    /// The pool itself would wait for as long as PostgreSQL is down.
    static let connectionWait: Duration = .seconds(5)

    public struct Unavailable: Error, CustomStringConvertible {
        public init() {}
        public var description: String { "no PostgreSQL connection within \(PostgresDatabaseClient.connectionWait)" }
    }

    private func withConnection<T: Sendable>(
        _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        usage.withLock { $0.waiting += 1 }
        let wait = ConnectionWait()
        defer {
            usage.withLock {
                if wait.isLeased { $0.inUse -= 1 } else { $0.waiting -= 1 }
            }
        }
        return try await withoutActuallyEscaping(body) { body in
            try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask {
                    try await self.client.withConnection { connection in
                        // A connection that arrives after the caller gave up is handed back unused.
                        guard wait.lease() else { throw Unavailable() }
                        self.usage.withLock {
                            $0.waiting -= 1
                            $0.inUse += 1
                        }
                        return try await body(connection)
                    }
                }
                group.addTask {
                    try await Task.sleep(for: Self.connectionWait)
                    // Once a connection is held the work runs to its end; only the wait is bounded.
                    if wait.timeOut() { throw Unavailable() }
                    return nil
                }
                while let result = try await group.next() {
                    if let value = result {
                        group.cancelAll()
                        return value
                    }
                }
                throw Unavailable()
            }
        }
    }

    public func read<T: Sendable>(_ body: @Sendable (StorageConnection) async throws -> T) async throws -> T {
        try await withConnection { connection in
            try await body(
                StorageConnection(sql: connection.sql(queryLogLevel: nil), dialect: .postgres, cipher: cipher))
        }
    }

    public func transaction<T: Sendable>(
        _ body: @escaping @Sendable (StorageConnection) async throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            let sql = connection.sql(queryLogLevel: nil)
            try await sql.raw("BEGIN").run()
            do {
                let result = try await body(StorageConnection(sql: sql, dialect: .postgres, cipher: cipher))
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    public func poolUsage() -> PoolUsage {
        usage.withLock { PoolUsage(inUse: $0.inUse, waiting: $0.waiting, capacity: maxConnections) }
    }

    public func close() async {
        runTask.cancel()
        await runTask.value
        try? await loops.shutdownGracefully()
    }
}

/// Whether a caller got its connection or gave up waiting, decided once: a connection handed over
/// just as the wait ends is either used or returned, never both.
private final class ConnectionWait: Sendable {
    private let state = Atomic<UInt8>(0)  // 0 waiting, 1 leased, 2 gave up

    var isLeased: Bool { state.load(ordering: .acquiring) == 1 }

    func lease() -> Bool { state.compareExchange(expected: 0, desired: 1, ordering: .acquiringAndReleasing).exchanged }

    func timeOut() -> Bool {
        state.compareExchange(expected: 0, desired: 2, ordering: .acquiringAndReleasing).exchanged
    }
}
