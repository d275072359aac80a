import SQLKit

extension Migration {
    static let m014AuditLog = Migration(version: 14, name: "hash-chained audit log") { dialect in
        var statements: [SQLQueryString] = [
            // Entries are numbered without gaps and each carries a keyed hash of itself and of
            // the entry before it; `audit_head` holds the newest, so losing the tail shows too.
            """
            CREATE TABLE audit_log (
                seq BIGINT PRIMARY KEY,
                at BIGINT NOT NULL,
                event TEXT NOT NULL,
                actor TEXT NOT NULL,
                subject TEXT NOT NULL,
                details TEXT NOT NULL,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE audit_head (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                seq BIGINT NOT NULL,
                hash TEXT NOT NULL
            )
            """,
            "INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '')",
        ]
        // Append-only for the platform's own connections: edits and deletions are refused.
        switch dialect.engine {
        case .sqlite:
            statements += [
                """
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
                """,
                """
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
                """,
            ]
        case .postgres:
            statements += [
                """
                CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$
                """,
                """
                CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
                FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()
                """,
            ]
        }
        return statements
    }
}
