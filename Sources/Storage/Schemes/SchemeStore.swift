import Domain
import Foundation
import SQLKit

/// Stored scheme versions, each as its JSON definition. Insert-only.
public struct SchemeStore: Sendable {
    let connection: StorageConnection
    var sql: any SQLDatabase { connection.sql }

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    public enum Added: Sendable, Equatable {
        case added
        /// This exact version is already stored.
        case alreadyStored
        /// Another definition is stored under this code and version; nothing was changed.
        case conflicts
    }

    static func definition(_ scheme: Scheme) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(scheme), as: UTF8.self)
    }

    public func add(_ scheme: Scheme, now: Date) async throws -> Added {
        let definition = try Self.definition(scheme)
        let inserted = try await sql.raw(
            """
            INSERT INTO schemes (code, version, definition, added_at)
            VALUES (\(bind: scheme.code), \(bind: scheme.version), \(bind: definition), \(bind: now.millisecondsSince1970))
            ON CONFLICT (code, version) DO NOTHING
            RETURNING code
            """
        ).first()
        if inserted != nil { return .added }
        return try await find(code: scheme.code, version: scheme.version) == scheme ? .alreadyStored : .conflicts
    }

    public func find(code: String, version: Int) async throws -> Scheme? {
        guard
            let row = try await sql.raw(
                "SELECT definition FROM schemes WHERE code = \(bind: code) AND version = \(bind: version)"
            ).first()
        else { return nil }
        return try JSONDecoder().decode(
            Scheme.self, from: Data(try row.decode(column: "definition", as: String.self).utf8))
    }

    /// The newest version of a scheme code.
    public func latest(code: String) async throws -> Scheme? {
        guard
            let row = try await sql.raw(
                "SELECT definition FROM schemes WHERE code = \(bind: code) ORDER BY version DESC LIMIT 1"
            ).first()
        else { return nil }
        return try JSONDecoder().decode(
            Scheme.self, from: Data(try row.decode(column: "definition", as: String.self).utf8))
    }

    public func all() async throws -> [Scheme] {
        try await sql.raw("SELECT definition FROM schemes ORDER BY code, version").all().map {
            try JSONDecoder().decode(Scheme.self, from: Data(try $0.decode(column: "definition", as: String.self).utf8))
        }
    }
}
