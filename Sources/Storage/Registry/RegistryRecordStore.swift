import Foundation
import SQLKit

/// The local civil registry's rows: the registry's JSON for a person (sealed), by keyed NIK hash.
public struct RegistryRecordStore: Sendable {
    let connection: StorageConnection

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    /// Inserts or replaces records (a re-import carries the registry's latest word).
    public func upsert(_ records: [(nikHash: String, record: String)]) async throws {
        guard !records.isEmpty else { return }
        let rows = SQLList(
            records.map {
                SQLQueryString(
                    "(\(bind: $0.nikHash), \(bind: connection.cipher.seal($0.record, column: .registryRecord)))")
            })
        try await connection.sql.raw(
            """
            INSERT INTO registry_records (nik_hash, record) VALUES \(rows)
            ON CONFLICT (nik_hash) DO UPDATE SET record = excluded.record
            """
        ).run()
    }

    public func find(nikHash: String) async throws -> String? {
        guard
            let stored = try await connection.sql.raw(
                "SELECT record FROM registry_records WHERE nik_hash = \(bind: nikHash)"
            ).first()?.decode(column: "record", as: String.self)
        else { return nil }
        return try connection.cipher.open(stored, column: .registryRecord)
    }

    public func count() async throws -> Int {
        let row = try await connection.sql.raw("SELECT COUNT(*) AS records FROM registry_records").first()
        return Int(try row?.decode(column: "records", as: Int64.self) ?? 0)
    }
}
