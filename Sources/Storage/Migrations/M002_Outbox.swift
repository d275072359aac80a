import SQLKit

extension Migration {
    static let m002Outbox = Migration(version: 2, name: "transactional outbox") { dialect in
        [
            """
            CREATE TABLE outbox (
                id \(unsafeRaw: dialect.autoIncrementPrimaryKey),
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                next_attempt_at BIGINT NOT NULL,
                delivered_at BIGINT,
                last_error TEXT
            )
            """,
            "CREATE INDEX outbox_due ON outbox (status, next_attempt_at)",
        ]
    }
}
