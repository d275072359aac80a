import Domain
import Foundation
import Storage

/// The text messages the local SMS transport kept, for the development SMS page (newest first).
public struct LocalSMSBox: Sendable {
    let database: any DatabaseClient

    public init(database: any DatabaseClient) {
        self.database = database
    }

    public func messages(to recipient: String?, limit: Int) async throws -> [StoredSMS] {
        try await database.read { try await SMSBoxStore($0).list(to: recipient, limit: limit) }
    }
}
