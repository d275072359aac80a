import SQLKit

extension Migration {
    /// The double-entry ledger: accounts with four running sums and a balance rule the database
    /// checks too, and immutable transfers whose id is the caller's idempotency key.
    static let m023Ledger = Migration(version: 23, name: "double-entry ledger") { dialect in
        var statements: [SQLQueryString] = [
            """
            CREATE TABLE ledger_accounts (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                owner TEXT NOT NULL,
                rule TEXT NOT NULL,
                debits_posted BIGINT NOT NULL DEFAULT 0,
                credits_posted BIGINT NOT NULL DEFAULT 0,
                debits_pending BIGINT NOT NULL DEFAULT 0,
                credits_pending BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                CHECK (debits_posted >= 0 AND credits_posted >= 0 AND debits_pending >= 0 AND credits_pending >= 0),
                CHECK (rule <> 'debits_must_not_exceed_credits' OR debits_posted + debits_pending <= credits_posted),
                CHECK (rule <> 'credits_must_not_exceed_debits' OR credits_posted + credits_pending <= debits_posted)
            )
            """,
            "CREATE UNIQUE INDEX ledger_accounts_by_owner ON ledger_accounts (kind, owner)",
            """
            CREATE TABLE ledger_transfers (
                id TEXT PRIMARY KEY,
                debit_account TEXT NOT NULL REFERENCES ledger_accounts (id),
                credit_account TEXT NOT NULL REFERENCES ledger_accounts (id),
                amount BIGINT NOT NULL CHECK (amount > 0),
                phase TEXT NOT NULL,
                pending_id TEXT,
                timeout_at BIGINT,
                code TEXT NOT NULL,
                scheme TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            // A reserved transfer is posted or voided once.
            "CREATE UNIQUE INDEX ledger_transfers_resolving ON ledger_transfers (pending_id) WHERE pending_id IS NOT NULL",
            "CREATE INDEX ledger_transfers_by_debit ON ledger_transfers (debit_account)",
            "CREATE INDEX ledger_transfers_by_credit ON ledger_transfers (credit_account)",
        ]
        switch dialect.engine {
        case .sqlite:
            statements += [
                """
                CREATE TRIGGER ledger_transfers_no_update BEFORE UPDATE ON ledger_transfers
                BEGIN SELECT RAISE(ABORT, 'ledger transfers are immutable'); END
                """,
                """
                CREATE TRIGGER ledger_transfers_no_delete BEFORE DELETE ON ledger_transfers
                BEGIN SELECT RAISE(ABORT, 'ledger transfers are immutable'); END
                """,
            ]
        case .postgres:
            statements += [
                """
                CREATE FUNCTION ledger_transfers_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'ledger transfers are immutable'; END $$
                """,
                """
                CREATE TRIGGER ledger_transfers_immutable BEFORE UPDATE OR DELETE ON ledger_transfers
                FOR EACH ROW EXECUTE FUNCTION ledger_transfers_immutable()
                """,
            ]
        }
        return statements
    }
}
