import SQLKit

extension Migration {
    /// Sittings of the basic test: the questions in the order drawn, the answers counted before
    /// the deadline, and the result.
    static let m026TestSittings = Migration(version: 26, name: "basic test sittings") { _ in
        [
            """
            CREATE TABLE test_sittings (
                id TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts (id),
                scheme TEXT NOT NULL,
                questions TEXT NOT NULL,
                answers TEXT NOT NULL DEFAULT '{}',
                started_at BIGINT NOT NULL,
                deadline_at BIGINT NOT NULL,
                finished_at BIGINT,
                score INTEGER,
                passed BOOLEAN
            )
            """,
            "CREATE INDEX test_sittings_by_account ON test_sittings (account_id, started_at)",
        ]
    }
}
