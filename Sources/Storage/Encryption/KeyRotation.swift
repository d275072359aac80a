import Foundation
import SQLKit

/// Re-encrypts every sealed value not yet under the current key (or still in clear, from before
/// encryption), in small transactions so the platform keeps running. A row changed by the
/// platform in between is left alone (the update compares the old value) and, written by a
/// server that already has the new key, is current anyway.
public struct KeyRotation: Sendable {
    let database: any DatabaseClient
    let batchSize: Int

    public init(database: any DatabaseClient, batchSize: Int = 500) {
        self.database = database
        self.batchSize = batchSize
    }

    /// Values re-encrypted, per column.
    public func run() async throws -> [(column: SealedColumn, reencrypted: Int)] {
        var report: [(SealedColumn, Int)] = []
        for column in SealedColumn.allCases {
            report.append((column, try await rotate(column)))
        }
        return report
    }

    /// Values per key id (`clear` for values never encrypted), per column.
    public func census() async throws -> [(column: SealedColumn, keys: [String: Int])] {
        var result: [(SealedColumn, [String: Int])] = []
        for column in SealedColumn.allCases {
            let rows = try await database.read { connection in
                try await connection.sql.raw(
                    """
                    SELECT \(unsafeRaw: Self.value(column)) AS sealed FROM \(unsafeRaw: column.table)
                    """
                ).all()
            }
            var keys: [String: Int] = [:]
            for row in rows {
                let value = try row.decode(column: "sealed", as: String.self)
                keys[FieldCipher.keyID(of: value) ?? "clear", default: 0] += 1
            }
            result.append((column, keys))
        }
        return result
    }

    private func rotate(_ column: SealedColumn) async throws -> Int {
        var after: RowKey? = nil
        var total = 0
        let batchSize = self.batchSize
        while true {
            let last = after
            let (count, next) = try await database.transaction { connection -> (Int, RowKey?) in
                let pattern = connection.cipher.currentPattern
                let start: SQLQueryString =
                    last.map { "AND \(unsafeRaw: column.rowKey) > \($0.bound)" } ?? ""
                let rows = try await connection.sql.raw(
                    """
                    SELECT \(unsafeRaw: column.rowKey) AS row_key, \(unsafeRaw: Self.value(column)) AS sealed
                    FROM \(unsafeRaw: column.table)
                    WHERE (\(unsafeRaw: Self.value(column)) NOT LIKE \(bind: pattern)) \(start)
                    ORDER BY \(unsafeRaw: column.rowKey) LIMIT \(bind: batchSize)
                    """
                ).all()
                var lastKey: RowKey? = nil
                var changed = 0
                for row in rows {
                    let key = try RowKey(row, integer: column.rowKeyIsInteger)
                    let old = try row.decode(column: "sealed", as: String.self)
                    let plaintext = try connection.cipher.open(old, column: column)
                    let new = connection.cipher.seal(plaintext, column: column)
                    let update: SQLQueryString
                    if column == .accountEmail, FieldCipher.keyID(of: old) == nil {
                        // An address sealed for the first time: its place in the unique column
                        // goes to the hash it will be found by.
                        let hash = connection.cipher.lookupHash(plaintext, column: column)
                        update = """
                            UPDATE accounts SET email_sealed = \(bind: new), email = \(bind: hash)
                            WHERE id = \(key.bound) AND email_sealed IS NULL AND email = \(bind: old)
                            RETURNING 1 AS updated
                            """
                    } else {
                        update = """
                            UPDATE \(unsafeRaw: column.table) SET \(unsafeRaw: column.column) = \(bind: new)
                            WHERE \(unsafeRaw: column.rowKey) = \(key.bound) AND \(unsafeRaw: column.column) = \(bind: old)
                            RETURNING 1 AS updated
                            """
                    }
                    let updated = try await connection.sql.raw(update).first()
                    if updated != nil { changed += 1 }
                    lastKey = key
                }
                return (changed, rows.count < batchSize ? nil : lastKey)
            }
            total += count
            guard let next else { return total }
            after = next
        }
    }

    /// The stored value, sealed or (from before encryption) in clear: for accounts from before
    /// the address was sealed, the address is still in `email`.
    static func value(_ column: SealedColumn) -> String {
        column == .accountEmail ? "COALESCE(email_sealed, email)" : column.column
    }

    /// A row's key: text for account ids and hashes, an integer for serial ids.
    private enum RowKey: Sendable {
        case integer(Int64)
        case text(String)

        init(_ row: any SQLRow, integer: Bool) throws {
            if integer {
                self = .integer(try row.decode(column: "row_key", as: Int64.self))
            } else {
                self = .text(try row.decode(column: "row_key", as: String.self))
            }
        }

        var bound: SQLQueryString {
            switch self {
            case .integer(let number): "\(bind: number)"
            case .text(let text): "\(bind: text)"
            }
        }
    }
}
