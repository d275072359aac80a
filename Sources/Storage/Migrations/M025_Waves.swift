import SQLKit

extension Migration {
    /// Waves, their entries (with pseudonymous ids and the draw's outcome), and the cards issued
    /// to those selected.
    static let m025Waves = Migration(version: 25, name: "waves, entries and cards") { _ in
        [
            """
            CREATE TABLE waves (
                id TEXT PRIMARY KEY,
                number INTEGER NOT NULL UNIQUE,
                scheme_code TEXT NOT NULL,
                scheme_version INTEGER NOT NULL,
                opens_at BIGINT NOT NULL,
                closes_at BIGINT NOT NULL,
                total_quota INTEGER NOT NULL,
                reserved_quota INTEGER NOT NULL,
                group_quotas TEXT NOT NULL,
                seed TEXT NOT NULL,
                commitment TEXT NOT NULL,
                public_source TEXT NOT NULL,
                public_value TEXT,
                drawn_at BIGINT,
                selection TEXT,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE wave_entries (
                id TEXT PRIMARY KEY,
                wave_id TEXT NOT NULL REFERENCES waves (id),
                account_id TEXT NOT NULL REFERENCES accounts (id),
                group_code TEXT NOT NULL,
                priority BOOLEAN NOT NULL,
                household TEXT NOT NULL,
                joined_at BIGINT NOT NULL,
                outcome TEXT,
                removed_reason TEXT,
                rank INTEGER,
                reserved_rank INTEGER,
                UNIQUE (wave_id, account_id)
            )
            """,
            "CREATE INDEX wave_entries_by_account ON wave_entries (account_id)",
            """
            CREATE TABLE cards (
                number TEXT PRIMARY KEY,
                account_id TEXT NOT NULL UNIQUE REFERENCES accounts (id),
                wave_id TEXT NOT NULL REFERENCES waves (id),
                kk_hash TEXT NOT NULL,
                ledger_account TEXT NOT NULL,
                issued_at BIGINT NOT NULL,
                purchase_deadline_at BIGINT NOT NULL,
                first_purchase_at BIGINT,
                revoked_at BIGINT
            )
            """,
            "CREATE INDEX cards_by_family_card ON cards (kk_hash)",
        ]
    }
}
