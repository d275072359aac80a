import Foundation
import Storage

/// Keeps sent mail in the database, where `/dev/mailbox` shows it. Development only.
public struct LocalMailTransport: MailTransport {
    let database: any DatabaseClient
    let clock: any AppClock

    public init(database: any DatabaseClient, clock: any AppClock) {
        self.database = database
        self.clock = clock
    }

    public func send(_ mail: OutgoingMail) async throws {
        let stored = StoredMail(
            to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, sentAt: clock.now())
        try await database.transaction { try await MailboxStore($0).insert(stored) }
    }
}
