import Domain
import Foundation
import SQLKit

/// List entries by keyed NIK hash, written in batches.
public struct ListStore: Sendable {
    let connection: StorageConnection

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    /// Inserts the hashes not already on the list; returns how many were new.
    public func insert(kind: ListKind, nikHashes: [String], now: Date) async throws -> Int {
        guard !nikHashes.isEmpty else { return 0 }
        let millis = now.millisecondsSince1970
        let rows = SQLList(
            nikHashes.map { hash in
                SQLQueryString("(\(bind: hash), \(bind: kind.rawValue), \(bind: millis))")
            })
        return try await connection.sql.raw(
            """
            INSERT INTO list_entries (nik_hash, list_kind, imported_at) VALUES \(rows)
            ON CONFLICT (nik_hash, list_kind) DO NOTHING
            RETURNING nik_hash
            """
        ).all().count
    }

    /// The lists a hashed NIK is on.
    public func kinds(containing nikHash: String) async throws -> Set<ListKind> {
        let rows = try await connection.sql.raw(
            "SELECT list_kind FROM list_entries WHERE nik_hash = \(bind: nikHash)"
        ).all()
        return Set(try rows.compactMap { ListKind(rawValue: try $0.decode(column: "list_kind", as: String.self)) })
    }

    /// The lists each of several hashed NIKs is on (those on none are left out), 1,000 per query.
    public func kinds(containingAny nikHashes: [String]) async throws -> [String: Set<ListKind>] {
        var found: [String: Set<ListKind>] = [:]
        for start in stride(from: 0, to: nikHashes.count, by: 1_000) {
            let chunk = SQLList(nikHashes[start..<min(start + 1_000, nikHashes.count)].map { SQLBind($0) })
            for row in try await connection.sql.raw(
                "SELECT nik_hash, list_kind FROM list_entries WHERE nik_hash IN (\(chunk))"
            ).all() {
                guard let kind = ListKind(rawValue: try row.decode(column: "list_kind", as: String.self)) else {
                    continue
                }
                found[try row.decode(column: "nik_hash", as: String.self), default: []].insert(kind)
            }
        }
        return found
    }

    public func count(kind: ListKind) async throws -> Int {
        let row = try await connection.sql.raw(
            "SELECT COUNT(*) AS entries FROM list_entries WHERE list_kind = \(bind: kind.rawValue)"
        ).first()
        return Int(try row?.decode(column: "entries", as: Int64.self) ?? 0)
    }

    public struct ImportRecord: Sendable {
        public var kind: ListKind
        public var source: String
        public var accepted: Int
        public var duplicates: Int
        public var rejected: Int
        public var startedAt: Date
        public var finishedAt: Date

        public init(
            kind: ListKind, source: String, accepted: Int, duplicates: Int, rejected: Int, startedAt: Date,
            finishedAt: Date
        ) {
            self.kind = kind
            self.source = source
            self.accepted = accepted
            self.duplicates = duplicates
            self.rejected = rejected
            self.startedAt = startedAt
            self.finishedAt = finishedAt
        }
    }

    public func recordImport(_ record: ImportRecord) async throws {
        try await connection.sql.raw(
            """
            INSERT INTO list_imports (list_kind, source, accepted, duplicates, rejected, started_at, finished_at)
            VALUES (\(bind: record.kind.rawValue), \(bind: record.source), \(bind: record.accepted),
                    \(bind: record.duplicates), \(bind: record.rejected),
                    \(bind: record.startedAt.millisecondsSince1970), \(bind: record.finishedAt.millisecondsSince1970))
            """
        ).run()
    }
}
