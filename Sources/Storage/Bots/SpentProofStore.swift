import Foundation
import SQLKit

/// Solved proof-of-work challenges already used, so that each admits one request.
public struct SpentProofStore: Sendable {
    let connection: StorageConnection

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    /// Marks several challenges spent with one statement; returns those that were not yet.
    public func spend(_ proofs: [(challengeID: String, expiresAt: Date)]) async throws -> Set<String> {
        guard !proofs.isEmpty else { return [] }
        let rows = SQLList(
            proofs.map { SQLQueryString("(\(bind: $0.challengeID), \(bind: $0.expiresAt.millisecondsSince1970))") })
        let result = try await connection.sql.raw(
            """
            INSERT INTO spent_proofs (challenge_id, expires_at) VALUES \(rows)
            ON CONFLICT (challenge_id) DO NOTHING
            RETURNING challenge_id
            """
        ).all()
        return Set(try result.map { try $0.decode(column: "challenge_id", as: String.self) })
    }

    /// Forgets challenges that can no longer be presented anyway.
    public func purge(expiredBefore now: Date) async throws {
        try await connection.sql.raw("DELETE FROM spent_proofs WHERE expires_at < \(bind: now.millisecondsSince1970)")
            .run()
    }
}
