import Foundation
import SQLKit
import Storage
import TestSupport
import Testing

/// SQLite only: the WAL is copied back into the database file by the client's own
/// checkpointer, not by the writer during a commit.
@Suite struct SQLiteCheckpointTests {
    @Test func committedWritesReachTheDatabaseFileWithinASecondOrTwo() async throws {
        let url = try await TestDatabase.makeURL(.sqlite)
        let path = String(url.dropFirst("sqlite:".count))
        let database = try await TestDatabase.open(url)
        try await Migrator(database: database).migrate(now: Date())
        // Let the migrations' own pages settle first.
        try await Task.sleep(for: .seconds(1.2))
        let before = try fileSize(path)
        // About 1.5 MB of WAL: below SQLite's default checkpoint threshold (1,000 pages), which
        // the writer would otherwise have used, and far below the writer's own (20,000).
        for batch in 0..<20 {
            try await database.transaction { connection in
                try await OutboxStore(connection).enqueue(
                    kind: "test", payloads: (0..<50).map { "\(batch)-\($0)-" + String(repeating: "x", count: 1_000) },
                    now: Date())
            }
        }
        let deadline = ContinuousClock.now + .seconds(5)
        // The checkpointer copies pages in steps: wait for all of them, not for the first.
        while try fileSize(path) <= before + 500_000, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try fileSize(path) > before + 500_000, "the checkpointer copied the WAL into the file")
        let count = try await database.read { connection in
            try await connection.sql.raw("SELECT COUNT(*) AS n FROM outbox").first()?.decode(column: "n", as: Int.self)
        }
        #expect(count == 1_000)
        await database.close()
    }

    /// The database and its WAL are the server's user's alone (mode 0600), like the key files.
    @Test func theDatabaseFilesAreReadableByTheOwnerOnly() async throws {
        let url = try await TestDatabase.makeURL(.sqlite)
        let path = String(url.dropFirst("sqlite:".count))
        let database = try await TestDatabase.open(url)
        try await Migrator(database: database).migrate(now: Date())
        for file in [path, path + "-wal"] {
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600, "\(file)")
        }
        await database.close()
    }

    func fileSize(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
    }
}
