import Domain
import Foundation
import SQLKit

extension LedgerStore {
    /// Applies several transfers in order inside the caller's transaction, all or none (a
    /// refusal is thrown). A batch of posted transfers with distinct ids, the shape of a wave's
    /// grants, is applied set at a time: ids seen before are checked against what was stored;
    /// the new transfers are written 1,000 per statement, and each account's sums move once,
    /// by one `UPDATE … FROM` a temporary table. Its accounts' rules are checked against
    /// their sums once the whole batch is applied, which is what commits (nothing in between is
    /// ever seen). Any other batch goes one transfer at a time through `apply(_:now:)`.
    public func apply(_ batch: [LedgerTransfer], now: Date) async throws -> [Applied] {
        let posted = batch.allSatisfy { if case .posted = $0.phase { true } else { false } }
        guard posted, batch.count > 1, Set(batch.map(\.id)).count == batch.count else {
            var applied: [Applied] = []
            for transfer in batch { applied.append(try await apply(transfer, now: now)) }
            return applied
        }
        let existing = try await transfers(ids: batch.map(\.id))
        var applied: [Applied] = []
        var fresh: [LedgerTransfer] = []
        for transfer in batch {
            if let stored = existing[transfer.id] {
                guard stored == transfer else { throw LedgerRefusal.idempotencyConflict(id: transfer.id) }
                applied.append(.alreadyDone)
                continue
            }
            guard transfer.amount.amount > 0 else { throw LedgerRefusal.amountNotPositive }
            guard transfer.debitAccount != transfer.creditAccount else { throw LedgerRefusal.sameAccount }
            applied.append(.created)
            fresh.append(transfer)
        }
        guard !fresh.isEmpty else { return applied }

        var moves: [String: (debits: Int64, credits: Int64)] = [:]
        for transfer in fresh {
            moves[transfer.debitAccount, default: (0, 0)].debits += transfer.amount.amount
            moves[transfer.creditAccount, default: (0, 0)].credits += transfer.amount.amount
        }
        let accounts = try await lockedAccounts(ids: Array(moves.keys))
        for transfer in fresh {
            for (id, side) in [(transfer.debitAccount, Side.debits), (transfer.creditAccount, .credits)] {
                guard let (account, balance) = accounts[id] else { throw LedgerRefusal.accountNotFound(id) }
                var after = balance
                after.debitsPosted += moves[id]?.debits ?? 0
                after.creditsPosted += moves[id]?.credits ?? 0
                guard after.keeps(account.rule) else { throw side.refusal(id) }
            }
        }
        try await move(moves)
        try await insert(fresh, now: now)
        return applied
    }

    /// The stored transfers among `ids`, by id.
    private func transfers(ids: [String]) async throws -> [String: LedgerTransfer] {
        var found: [String: LedgerTransfer] = [:]
        for start in stride(from: 0, to: ids.count, by: 1_000) {
            let chunk = SQLList(ids[start..<min(start + 1_000, ids.count)].map { SQLBind($0) })
            for row in try await sql.raw(
                """
                SELECT id, debit_account, credit_account, amount, phase, pending_id, timeout_at, code, scheme
                FROM ledger_transfers WHERE id IN (\(chunk))
                """
            ).all() {
                let transfer = try Self.transfer(row)
                found[transfer.id] = transfer
            }
        }
        return found
    }

    /// The accounts among `ids` with their sums, locked for the rest of the transaction
    /// (PostgreSQL; SQLite's one writer holds them already).
    private func lockedAccounts(ids: [String]) async throws -> [String: (LedgerAccount, LedgerBalance)] {
        var found: [String: (LedgerAccount, LedgerBalance)] = [:]
        for start in stride(from: 0, to: ids.count, by: 1_000) {
            let chunk = SQLList(ids[start..<min(start + 1_000, ids.count)].map { SQLBind($0) })
            for row in try await sql.raw(
                """
                SELECT id, kind, owner, rule, debits_posted, credits_posted, debits_pending, credits_pending
                FROM ledger_accounts WHERE id IN (\(chunk))
                \(unsafeRaw: connection.dialect.forUpdate)
                """
            ).all() {
                let (account, balance) = try Self.account(row)
                found[account.id] = (account, balance)
            }
        }
        return found
    }

    /// Adds each account's posted debits and credits, by one `UPDATE … FROM`.
    private func move(_ moves: [String: (debits: Int64, credits: Int64)]) async throws {
        try await sql.raw(
            "CREATE TEMPORARY TABLE IF NOT EXISTS ledger_moves (id TEXT PRIMARY KEY, debits BIGINT, credits BIGINT)"
        ).run()
        try await sql.raw("DELETE FROM ledger_moves").run()
        let all = Array(moves)
        for start in stride(from: 0, to: all.count, by: 1_000) {
            let rows = SQLList(
                all[start..<min(start + 1_000, all.count)].map {
                    SQLQueryString("(\(bind: $0.key), \(bind: $0.value.debits), \(bind: $0.value.credits))")
                })
            try await sql.raw("INSERT INTO ledger_moves (id, debits, credits) VALUES \(rows)").run()
        }
        try await sql.raw(
            """
            UPDATE ledger_accounts SET debits_posted = debits_posted + m.debits,
                credits_posted = credits_posted + m.credits
            FROM ledger_moves m WHERE ledger_accounts.id = m.id
            """
        ).run()
        try await sql.raw("DROP TABLE ledger_moves").run()
    }

    private func insert(_ transfers: [LedgerTransfer], now: Date) async throws {
        for start in stride(from: 0, to: transfers.count, by: 1_000) {
            let rows = SQLList(
                transfers[start..<min(start + 1_000, transfers.count)].map {
                    SQLQueryString(
                        "(\(bind: $0.id), \(bind: $0.debitAccount), \(bind: $0.creditAccount), \(bind: $0.amount.amount), \(bind: $0.phase.name), NULL, NULL, \(bind: $0.code), \(bind: $0.scheme), \(bind: now.millisecondsSince1970))"
                    )
                })
            try await sql.raw(
                """
                INSERT INTO ledger_transfers
                    (id, debit_account, credit_account, amount, phase, pending_id, timeout_at, code, scheme, created_at)
                VALUES \(rows)
                """
            ).run()
        }
    }
}
