import SQLKit

extension Migration {
    static let m018ExpiryIndexes = Migration(version: 18, name: "indexes for purging expired sessions") { _ in
        [
            "CREATE INDEX sessions_by_expiry ON sessions (expires_at)",
            "CREATE INDEX login_challenges_by_creation ON login_challenges (created_at)",
            "CREATE INDEX operator_sessions_by_expiry ON operator_sessions (expires_at)",
        ]
    }
}
