import Foundation
import Storage

/// Keeps sent text messages in the database, where `/dev/sms` shows them. Development only.
public struct LocalSMSTransport: SMSTransport {
    let database: any DatabaseClient
    let clock: any AppClock

    public init(database: any DatabaseClient, clock: any AppClock) {
        self.database = database
        self.clock = clock
    }

    public func send(_ message: OutgoingSMS) async throws {
        let stored = StoredSMS(to: message.to, body: message.text, sentAt: clock.now())
        try await database.transaction { try await SMSBoxStore($0).insert(stored) }
    }
}
