import Foundation
import SQLKit

/// A text message the local SMS transport has "sent", kept for development and tests.
public struct StoredSMS: Sendable, Equatable, Codable {
    public var to: String
    public var body: String
    public var sentAt: Date

    public init(to: String, body: String, sentAt: Date) {
        self.to = to
        self.body = body
        self.sentAt = sentAt
    }
}

public struct SMSBoxStore: Sendable {
    let connection: StorageConnection

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    public func insert(_ message: StoredSMS) async throws {
        try await connection.sql.raw(
            """
            INSERT INTO dev_sms (recipient, body, sent_at)
            VALUES (\(bind: message.to), \(bind: message.body), \(bind: message.sentAt.millisecondsSince1970))
            """
        ).run()
    }

    /// Newest first, optionally for one number.
    public func list(to recipient: String?, limit: Int) async throws -> [StoredSMS] {
        let filter: SQLQueryString = recipient.map { "WHERE recipient = \(bind: $0)" } ?? ""
        let rows = try await connection.sql.raw(
            "SELECT recipient, body, sent_at FROM dev_sms \(filter) ORDER BY id DESC LIMIT \(bind: limit)"
        ).all()
        return try rows.map { row in
            StoredSMS(
                to: try row.decode(column: "recipient", as: String.self),
                body: try row.decode(column: "body", as: String.self),
                sentAt: Date(millisecondsSince1970: try row.decode(column: "sent_at", as: Int64.self)))
        }
    }
}
