import Foundation
import SQLKit

/// Solved proof-of-work challenges already used, so that each admits one request.
public struct SpentProofStore: Sendable {
    let connection: StorageConnection

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    /// Marks a challenge spent; false when it already was.
    public func spend(challengeID: String, expiresAt: Date) async throws -> Bool {
        try await connection.sql.raw(
            """
            INSERT INTO spent_proofs (challenge_id, expires_at)
            VALUES (\(bind: challengeID), \(bind: expiresAt.millisecondsSince1970))
            ON CONFLICT (challenge_id) DO NOTHING
            RETURNING challenge_id
            """
        ).first() != nil
    }

    /// Forgets challenges that can no longer be presented anyway.
    public func purge(expiredBefore now: Date) async throws {
        try await connection.sql.raw("DELETE FROM spent_proofs WHERE expires_at < \(bind: now.millisecondsSince1970)")
            .run()
    }
}
