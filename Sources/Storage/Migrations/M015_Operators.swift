import SQLKit

extension Migration {
    static let m015Operators = Migration(version: 15, name: "operators and their sessions") { _ in
        [
            // Operators are not applicants: their own table, their own sessions, a second factor.
            // The TOTP secret is sealed; `last_totp_step` refuses a code used once already.
            """
            CREATE TABLE operators (
                id TEXT PRIMARY KEY,
                username TEXT NOT NULL UNIQUE,
                password_hash TEXT NOT NULL,
                totp_secret TEXT NOT NULL,
                last_totp_step BIGINT NOT NULL DEFAULT 0,
                roles TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                disabled_at BIGINT
            )
            """,
            """
            CREATE TABLE operator_sessions (
                token_hash TEXT PRIMARY KEY,
                operator_id TEXT NOT NULL REFERENCES operators (id),
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX operator_sessions_by_operator ON operator_sessions (operator_id)",
        ]
    }
}
