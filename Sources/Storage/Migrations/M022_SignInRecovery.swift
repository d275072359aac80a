import SQLKit

extension Migration {
    /// Decoy login challenges (handed out when an account under attack gets a wrong password,
    /// so the answer does not say whether it was right) and password recovery codes.
    static let m022SignInRecovery = Migration(version: 22, name: "decoy challenges and password recovery") { _ in
        [
            """
            CREATE TABLE login_decoys (
                id TEXT PRIMARY KEY,
                created_at BIGINT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                consumed_at BIGINT
            )
            """,
            "CREATE INDEX login_decoys_by_creation ON login_decoys (created_at)",
            "ALTER TABLE accounts ADD COLUMN reset_nonce TEXT",
            "ALTER TABLE accounts ADD COLUMN reset_issued_at BIGINT",
            "ALTER TABLE accounts ADD COLUMN reset_attempts INTEGER NOT NULL DEFAULT 0",
        ]
    }
}
