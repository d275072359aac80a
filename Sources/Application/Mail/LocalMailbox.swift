import Domain
import Foundation
import Storage

/// The mail the local transport kept, for the development mailbox page (newest first).
public struct LocalMailbox: Sendable {
    let database: any DatabaseClient

    public init(database: any DatabaseClient) {
        self.database = database
    }

    public func messages(to recipient: String?, limit: Int) async throws -> [StoredMail] {
        try await database.read { try await MailboxStore($0).list(to: recipient, limit: limit) }
    }
}
