import SQLKit

extension Migration {
    static let m007Eligibility = Migration(version: 7, name: "eligibility decisions and family-card places") { _ in
        [
            // Every decision is kept (a later one does not overwrite an earlier one), with the
            // scheme version and the date it was decided for, so each can be explained later.
            """
            CREATE TABLE eligibility_decisions (
                id TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts (id),
                scheme_code TEXT NOT NULL,
                scheme_version INTEGER NOT NULL,
                decided_for TEXT NOT NULL,
                eligible BOOLEAN NOT NULL,
                reasons TEXT NOT NULL,
                decided_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX eligibility_decisions_by_account ON eligibility_decisions (account_id, decided_at)",
            // Eligible people per family card, taken under a row lock so two members of one
            // family decided at the same moment cannot both take the last place.
            """
            CREATE TABLE family_card_places (
                kk_hash TEXT PRIMARY KEY,
                taken INTEGER NOT NULL
            )
            """,
        ]
    }
}
