import SQLKit

extension Migration {
    static let m006Profiles = Migration(version: 6, name: "profiles and NIK conflicts") { dialect in
        [
            // One profile per account and one account per NIK. The NIK and KK are looked up
            // by keyed hash; the details are kept as submitted (encryption at rest: issue 5).
            """
            CREATE TABLE profiles (
                account_id TEXT PRIMARY KEY REFERENCES accounts (id),
                nik_hash TEXT NOT NULL UNIQUE,
                kk_hash TEXT NOT NULL,
                details TEXT NOT NULL,
                status TEXT NOT NULL,
                reasons TEXT NOT NULL DEFAULT '',
                submitted_at BIGINT NOT NULL,
                checked_at BIGINT
            )
            """,
            "CREATE INDEX profiles_by_family_card ON profiles (kk_hash)",
            // Attempts to claim a NIK another account holds, for fraud review.
            """
            CREATE TABLE nik_conflicts (
                id \(unsafeRaw: dialect.autoIncrementPrimaryKey),
                nik_hash TEXT NOT NULL,
                account_id TEXT NOT NULL,
                attempted_at BIGINT NOT NULL
            )
            """,
        ]
    }
}
