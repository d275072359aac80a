import Foundation
import SQLKit

/// A message the local mail transport has "sent": kept for people developing or testing.
public struct StoredMail: Sendable, Equatable, Codable {
    public var to: String
    public var subject: String
    public var text: String
    public var html: String
    public var sentAt: Date

    public init(to: String, subject: String, text: String, html: String, sentAt: Date) {
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.sentAt = sentAt
    }
}

public struct MailboxStore: Sendable {
    let connection: StorageConnection

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    /// Stores a message sealed (the address, found again by its keyed hash; the subject and
    /// bodies, which hold codes and links with the address). Messages from before they were
    /// sealed are read as they are until `prakerja keys rotate` seals them.
    public func insert(_ mail: StoredMail) async throws {
        let cipher = connection.cipher
        try await connection.sql.raw(
            """
            INSERT INTO dev_mailbox (recipient, recipient_hash, subject, text_body, html_body, sent_at)
            VALUES (\(bind: cipher.seal(mail.to, column: .mailRecipient)),
                    \(bind: cipher.lookupHash(mail.to, column: .mailRecipient)), \(bind: cipher.seal(mail.subject, column: .mailSubject)),
                    \(bind: cipher.seal(mail.text, column: .mailText)), \(bind: cipher.seal(mail.html, column: .mailHTML)), \(bind: mail.sentAt.millisecondsSince1970))
            """
        ).run()
    }

    /// Newest first, optionally for one recipient.
    public func list(to recipient: String?, limit: Int) async throws -> [StoredMail] {
        let cipher = connection.cipher
        let filter: SQLQueryString =
            recipient.map { "WHERE recipient_hash = \(bind: cipher.lookupHash($0, column: .mailRecipient))" } ?? ""
        let rows = try await connection.sql.raw(
            """
            SELECT recipient, subject, text_body, html_body, sent_at FROM dev_mailbox
            \(filter) ORDER BY id DESC LIMIT \(bind: limit)
            """
        ).all()
        return try rows.map { row in
            StoredMail(
                to: try cipher.open(try row.decode(column: "recipient", as: String.self), column: .mailRecipient),
                subject: try cipher.open(try row.decode(column: "subject", as: String.self), column: .mailSubject),
                text: try cipher.open(try row.decode(column: "text_body", as: String.self), column: .mailText),
                html: try cipher.open(try row.decode(column: "html_body", as: String.self), column: .mailHTML),
                sentAt: Date(millisecondsSince1970: try row.decode(column: "sent_at", as: Int64.self)))
        }
    }
}
