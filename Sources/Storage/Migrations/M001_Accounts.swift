import SQLKit

extension Migration {
    static let m001Accounts = Migration(version: 1, name: "accounts, login challenges, sessions") { _ in
        [
            """
            CREATE TABLE accounts (
                id TEXT PRIMARY KEY,
                email TEXT NOT NULL UNIQUE,
                locale TEXT NOT NULL,
                stage TEXT NOT NULL,
                password_hash TEXT,
                created_at BIGINT NOT NULL,
                email_verified_at BIGINT,
                code_nonce TEXT NOT NULL,
                code_issued_at BIGINT NOT NULL,
                code_attempts INTEGER NOT NULL DEFAULT 0,
                resend_count INTEGER NOT NULL DEFAULT 0,
                last_resend_at BIGINT
            )
            """,
            """
            CREATE TABLE login_challenges (
                id TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts (id),
                created_at BIGINT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                consumed_at BIGINT
            )
            """,
            """
            CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts (id),
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX sessions_by_account ON sessions (account_id)",
        ]
    }
}
