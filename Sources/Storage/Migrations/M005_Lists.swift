import SQLKit

extension Migration {
    static let m005Lists = Migration(version: 5, name: "exclusion and priority lists") { dialect in
        [
            // NIKs are kept only as keyed hashes (blind index): enough to look a person up,
            // useless to whoever reads the table without the key.
            // Keyed by hash first: a person's lists are one index range, and one B-tree serves
            // both lookups and uniqueness.
            """
            CREATE TABLE list_entries (
                nik_hash TEXT NOT NULL,
                list_kind TEXT NOT NULL,
                imported_at BIGINT NOT NULL,
                PRIMARY KEY (nik_hash, list_kind)
            )\(unsafeRaw: dialect.keyOnlyTableOptions)
            """,
            """
            CREATE TABLE list_imports (
                id \(unsafeRaw: dialect.autoIncrementPrimaryKey),
                list_kind TEXT NOT NULL,
                source TEXT NOT NULL,
                accepted INTEGER NOT NULL,
                duplicates INTEGER NOT NULL,
                rejected INTEGER NOT NULL,
                started_at BIGINT NOT NULL,
                finished_at BIGINT NOT NULL
            )
            """,
        ]
    }
}
