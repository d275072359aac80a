import SQLKit

extension Migration {
    static let m011SpentProofs = Migration(version: 11, name: "spent proof-of-work challenges") { dialect in
        [
            // Each solved challenge admits one registration; kept until it would have expired.
            """
            CREATE TABLE spent_proofs (
                challenge_id TEXT PRIMARY KEY,
                expires_at BIGINT NOT NULL
            )\(unsafeRaw: dialect.keyOnlyTableOptions)
            """
        ]
    }
}
