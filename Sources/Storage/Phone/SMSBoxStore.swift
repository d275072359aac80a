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

    /// Stores a message; the number is sealed and found again by its keyed hash.
    public func insert(_ message: StoredSMS) async throws {
        let cipher = connection.cipher
        let recipientHash = cipher.lookupHash(message.to, column: .smsRecipient)
        try await connection.sql.raw(
            """
            INSERT INTO dev_sms (recipient, recipient_hash, body, sent_at)
            VALUES (\(bind: cipher.seal(message.to, column: .smsRecipient)), \(bind: recipientHash),
                    \(bind: cipher.seal(message.body, column: .smsBody)), \(bind: message.sentAt.millisecondsSince1970))
            """
        ).run()
    }

    /// Newest first, optionally for one number.
    public func list(to recipient: String?, limit: Int) async throws -> [StoredSMS] {
        let cipher = connection.cipher
        let filter: SQLQueryString =
            recipient.map { "WHERE recipient_hash = \(bind: cipher.lookupHash($0, column: .smsRecipient))" } ?? ""
        let rows = try await connection.sql.raw(
            "SELECT recipient, body, sent_at FROM dev_sms \(filter) ORDER BY id DESC LIMIT \(bind: limit)"
        ).all()
        return try rows.map { row in
            StoredSMS(
                to: try cipher.open(try row.decode(column: "recipient", as: String.self), column: .smsRecipient),
                body: try cipher.open(try row.decode(column: "body", as: String.self), column: .smsBody),
                sentAt: Date(millisecondsSince1970: try row.decode(column: "sent_at", as: Int64.self)))
        }
    }
}
