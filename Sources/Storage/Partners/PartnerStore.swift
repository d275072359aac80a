import Domain
import Foundation
import SQLKit

/// Partners, their signing keys (sealed) and the signatures already accepted.
public struct PartnerStore: Sendable {
    let connection: StorageConnection
    var sql: any SQLDatabase { connection.sql }

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    public func insert(_ partner: Partner, now: Date) async throws {
        let documents = String(decoding: try JSONEncoder().encode(partner.documents), as: UTF8.self)
        try await sql.raw(
            """
            INSERT INTO partners (id, kind, name, legal_name, contact_email, documents, status, status_reason,
                client_code, created_at, updated_at)
            VALUES (\(bind: partner.id), \(bind: partner.kind.rawValue), \(bind: partner.name), \(bind: partner.legalName),
                \(bind: partner.contactEmail), \(bind: documents), \(bind: partner.status.rawValue),
                \(bind: partner.statusReason), \(bind: partner.clientCode), \(bind: now.millisecondsSince1970),
                \(bind: now.millisecondsSince1970))
            """
        ).run()
    }

    private static let columns: SQLQueryString =
        "id, kind, name, legal_name, contact_email, documents, status, status_reason, client_code"

    public func find(id: String) async throws -> Partner? {
        try await sql.raw("SELECT \(Self.columns) FROM partners WHERE id = \(bind: id)").first().map(Self.partner)
    }

    public func find(clientCode: String) async throws -> Partner? {
        try await sql.raw("SELECT \(Self.columns) FROM partners WHERE client_code = \(bind: clientCode)").first()
            .map(Self.partner)
    }

    /// Every partner, by name.
    public func all() async throws -> [Partner] {
        try await sql.raw("SELECT \(Self.columns) FROM partners ORDER BY name, id").all().map(Self.partner)
    }

    /// Changes a partner's status; false when it was not in one of `from`.
    public func setStatus(
        id: String, to status: Partner.Status, reason: String, from: [Partner.Status], now: Date
    ) async throws -> Bool {
        let allowed = SQLList(from.map { SQLBind($0.rawValue) })
        return try await sql.raw(
            """
            UPDATE partners SET status = \(bind: status.rawValue), status_reason = \(bind: reason),
                updated_at = \(bind: now.millisecondsSince1970)
            WHERE id = \(bind: id) AND status IN (\(allowed))
            RETURNING id
            """
        ).first() != nil
    }

    /// Adds a signing key; keys still current then stop working at `retireOthersAt`.
    public func addKey(id: String, partnerID: String, secret: String, retireOthersAt: Date, now: Date) async throws {
        try await sql.raw(
            """
            UPDATE partner_keys SET retires_at = \(bind: retireOthersAt.millisecondsSince1970)
            WHERE partner_id = \(bind: partnerID)
                AND (retires_at IS NULL OR retires_at > \(bind: retireOthersAt.millisecondsSince1970))
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO partner_keys (id, partner_id, secret, created_at)
            VALUES (\(bind: id), \(bind: partnerID), \(bind: connection.cipher.seal(secret, column: .partnerKeySecret)),
                \(bind: now.millisecondsSince1970))
            """
        ).run()
    }

    /// The keys a request may be signed with at `now`: the current one and any retiring later.
    public func activeKeys(partnerID: String, now: Date) async throws -> [(id: String, secret: String)] {
        try await sql.raw(
            """
            SELECT id, secret FROM partner_keys
            WHERE partner_id = \(bind: partnerID)
                AND (retires_at IS NULL OR retires_at > \(bind: now.millisecondsSince1970))
            ORDER BY created_at DESC, id
            """
        ).all().map { row in
            (
                try row.decode(column: "id", as: String.self),
                try connection.cipher.open(try row.decode(column: "secret", as: String.self), column: .partnerKeySecret)
            )
        }
    }

    /// Records an accepted signature; false when it was seen before (a replay).
    public func recordSignature(hash: String, now: Date) async throws -> Bool {
        try await sql.raw(
            """
            INSERT INTO partner_signatures_seen (signature_hash, seen_at)
            VALUES (\(bind: hash), \(bind: now.millisecondsSince1970))
            ON CONFLICT DO NOTHING
            RETURNING signature_hash
            """
        ).first() != nil
    }

    /// Forgets signatures older than the timestamp window: a request that old is refused anyway.
    public func purgeSignatures(seenBefore cutoff: Date) async throws {
        try await sql.raw(
            "DELETE FROM partner_signatures_seen WHERE seen_at < \(bind: cutoff.millisecondsSince1970)"
        ).run()
    }

    static func partner(_ row: any SQLRow) throws -> Partner {
        Partner(
            id: try row.decode(column: "id", as: String.self),
            kind: Partner.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .platform,
            name: try row.decode(column: "name", as: String.self),
            legalName: try row.decode(column: "legal_name", as: String.self),
            contactEmail: try row.decode(column: "contact_email", as: String.self),
            documents: (try? JSONDecoder().decode(
                [String].self, from: Data(try row.decode(column: "documents", as: String.self).utf8))) ?? [],
            status: Partner.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .applied,
            statusReason: try row.decode(column: "status_reason", as: String.self),
            clientCode: try row.decode(column: "client_code", as: String.self))
    }
}
