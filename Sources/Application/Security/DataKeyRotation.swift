import Domain
import Foundation
import Storage

/// Moving personal data to the newest data key, and counting what each key holds. Rotation is
/// recorded in the audit trail with the actor the caller vouches for.
public struct DataKeyRotation: Sendable {
    let database: any DatabaseClient
    let audit: AuditTrail

    public init(database: any DatabaseClient, audit: AuditTrail) {
        self.database = database
        self.audit = audit
    }

    /// Re-encrypts every value not under `currentKeyID`, in batches; values per column.
    public func rotate(to currentKeyID: String, batchSize: Int, actor: AuditActor) async throws
        -> [(column: SealedColumn, reencrypted: Int)]
    {
        let report = try await KeyRotation(database: database, batchSize: max(1, batchSize)).run()
        try await audit.record(
            .keyRotation, actor: actor, subject: currentKeyID,
            details: ["reencrypted": String(report.reduce(0) { $0 + $1.reencrypted })])
        return report
    }

    /// Values per key id (`clear` for values never encrypted), per column.
    public func census() async throws -> [(column: SealedColumn, keys: [String: Int])] {
        try await KeyRotation(database: database).census()
    }
}
