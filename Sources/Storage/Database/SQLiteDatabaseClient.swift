import Foundation
import Logging
import NIOPosix
import SQLKit
import SQLiteKit
import Synchronization

/// SQLite in WAL mode with `synchronous=FULL`: a commit is fsynced before it returns.
/// One writer connection takes all write transactions (SQLite allows one writer; queueing them
/// here is fair and avoids SQLITE_BUSY) and commits them in groups, one fsync per group; a few
/// reader connections serve reads in parallel. Checkpoints (copying the WAL back into the
/// database file, with its own fsync) run on a connection of their own twice a second, not in
/// the writer's commits, so a surge's writes never wait for them.
public final class SQLiteDatabaseClient: DatabaseClient {
    public let dialect = Dialect.sqlite
    public let cipher: FieldCipher

    private let writer: SQLiteConnection
    private let groupCommit: GroupCommit
    private let readers: [GuardedConnection]
    private let nextReader = Atomic<Int>(0)
    private let checkpointer: SQLiteConnection
    private let checkpoints: Task<Void, Never>
    private let threads: NIOThreadPool
    private let loops: MultiThreadedEventLoopGroup

    private struct GuardedConnection: Sendable {
        let connection: SQLiteConnection
        let mutex = AsyncMutex()
        let sql: StorageConnection
    }

    private init(
        writer: SQLiteConnection, readers: [SQLiteConnection], checkpointer: SQLiteConnection, threads: NIOThreadPool,
        loops: MultiThreadedEventLoopGroup, cipher: FieldCipher, logger: Logger
    ) {
        func guarded(_ connection: SQLiteConnection) -> GuardedConnection {
            GuardedConnection(
                connection: connection,
                sql: StorageConnection(sql: connection.sql(queryLogLevel: nil), dialect: .sqlite, cipher: cipher))
        }
        self.cipher = cipher
        self.writer = writer
        self.groupCommit = GroupCommit(
            connection: StorageConnection(sql: writer.sql(queryLogLevel: nil), dialect: .sqlite, cipher: cipher))
        self.readers = readers.map(guarded)
        self.checkpointer = checkpointer
        self.threads = threads
        self.loops = loops
        checkpoints = Task {
            let sql = checkpointer.sql(queryLogLevel: nil)
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(500))
                if Task.isCancelled { return }
                do {
                    try await sql.raw("PRAGMA wal_checkpoint(PASSIVE)").run()
                } catch {
                    if Task.isCancelled { return }
                    logger.warning("SQLite checkpoint failed", metadata: ["error": "\(String(reflecting: error))"])
                }
            }
        }
    }

    public static func open(
        path: String, readerCount: Int = 2, cipher: FieldCipher, logger: Logger
    ) async throws -> SQLiteDatabaseClient {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        // Readable by the server's user alone, like the key files; SQLite gives its WAL and
        // shared-memory files the database file's mode.
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        // Threads of their own: a statement never waits behind other blocking work (password
        // hashing, file I/O), and the checkpointer's fsync never holds back the writer.
        let threads = NIOThreadPool(numberOfThreads: readerCount + 2)
        threads.start()
        let loops = DatabaseEventLoop.make()
        let writer = try await openConnection(path: path, threads: threads, loop: loops.next(), logger: logger)
        // The checkpointer keeps the WAL short; the writer checkpoints only if it falls far behind.
        try await writer.sql(queryLogLevel: nil).raw("PRAGMA wal_autocheckpoint=20000").run()
        var readers: [SQLiteConnection] = []
        for _ in 0..<readerCount {
            readers.append(try await openConnection(path: path, threads: threads, loop: loops.next(), logger: logger))
        }
        let checkpointer = try await openConnection(path: path, threads: threads, loop: loops.next(), logger: logger)
        return SQLiteDatabaseClient(
            writer: writer, readers: readers, checkpointer: checkpointer, threads: threads, loops: loops,
            cipher: cipher, logger: logger)
    }

    private static func openConnection(
        path: String, threads: NIOThreadPool, loop: any EventLoop, logger: Logger
    ) async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(
            storage: .file(path: path), threadPool: threads, logger: logger, on: loop)
        let sql = connection.sql(queryLogLevel: nil)
        try await sql.raw("PRAGMA journal_mode=WAL").run()
        // FULL: the WAL is fsynced at every commit, so an acknowledged write survives power loss.
        try await sql.raw("PRAGMA synchronous=FULL").run()
        try await sql.raw("PRAGMA foreign_keys=ON").run()
        try await sql.raw("PRAGMA busy_timeout=5000").run()
        // 64 MiB of page cache (the default is 2 MiB), for bulk imports into large indexes.
        try await sql.raw("PRAGMA cache_size=-65536").run()
        // Reads through a memory map rather than a system call per page: a wave's close looks up
        // a million rows at random in indexes far larger than the cache (398 s without it for a
        // million entries, most of it in the kernel). Writes still go through the WAL.
        try await sql.raw("PRAGMA mmap_size=2147418112").run()
        // Sorts and the close's scratch tables in memory rather than in temporary files.
        try await sql.raw("PRAGMA temp_store=MEMORY").run()
        return connection
    }

    public func read<T: Sendable>(_ body: @Sendable (StorageConnection) async throws -> T) async throws -> T {
        let index = nextReader.add(1, ordering: .relaxed).oldValue % readers.count
        let reader = readers[index]
        return try await reader.mutex.withLock { try await body(reader.sql) }
    }

    public func transaction<T: Sendable>(
        _ body: @escaping @Sendable (StorageConnection) async throws -> T
    ) async throws -> T {
        try await groupCommit.submit(body)
    }

    public func poolUsage() -> PoolUsage {
        PoolUsage(
            inUse: readers.filter { $0.mutex.isLocked }.count + (groupCommit.isWriting ? 1 : 0),
            waiting: readers.reduce(0) { $0 + $1.mutex.waiting } + groupCommit.queued,
            capacity: readers.count + 1)
    }

    public func close() async {
        checkpoints.cancel()
        await checkpoints.value
        try? await checkpointer.close()
        for reader in readers {
            try? await reader.connection.close()
        }
        // Last: closing the last connection checkpoints the whole WAL into the file.
        try? await writer.close()
        try? await threads.shutdownGracefully()
        try? await loops.shutdownGracefully()
    }
}
