import Domain
import Foundation
import SQLKit

/// What recomputing the ledger from its transfers found.
public struct LedgerCheck: Sendable, Equatable {
    public var accounts: Int
    public var transfers: Int
    /// Posted debits (equal to posted credits when the ledger is whole), in rupiah.
    public var postedTotal: Int64
    /// Every difference found; empty when the ledger is whole.
    public var problems: [String]
}

extension LedgerStore {
    /// Recomputes every account's four sums from the transfers and compares them with the
    /// stored ones; checks that debits equal credits, posted and pending, across all accounts,
    /// and that every account keeps its rule.
    public func verify() async throws -> LedgerCheck {
        let recomputed = try await sql.raw(
            """
            SELECT account,
                CAST(SUM(debits_posted) AS BIGINT) AS debits_posted, CAST(SUM(credits_posted) AS BIGINT) AS credits_posted,
                CAST(SUM(debits_pending) AS BIGINT) AS debits_pending, CAST(SUM(credits_pending) AS BIGINT) AS credits_pending
            FROM (
                SELECT debit_account AS account,
                    CASE WHEN phase IN ('posted', 'post_pending') THEN amount ELSE 0 END AS debits_posted,
                    0 AS credits_posted,
                    CASE WHEN phase = 'pending' THEN amount
                         WHEN phase IN ('post_pending', 'void_pending') THEN -amount ELSE 0 END AS debits_pending,
                    0 AS credits_pending
                FROM ledger_transfers
                UNION ALL
                SELECT credit_account,
                    0,
                    CASE WHEN phase IN ('posted', 'post_pending') THEN amount ELSE 0 END,
                    0,
                    CASE WHEN phase = 'pending' THEN amount
                         WHEN phase IN ('post_pending', 'void_pending') THEN -amount ELSE 0 END
                FROM ledger_transfers
            ) AS movements
            GROUP BY account
            """
        ).all()
        var fromTransfers: [String: LedgerBalance] = [:]
        for row in recomputed {
            fromTransfers[try row.decode(column: "account", as: String.self)] = LedgerBalance(
                debitsPosted: try row.decode(column: "debits_posted", as: Int64.self),
                creditsPosted: try row.decode(column: "credits_posted", as: Int64.self),
                debitsPending: try row.decode(column: "debits_pending", as: Int64.self),
                creditsPending: try row.decode(column: "credits_pending", as: Int64.self))
        }
        let stored = try await sql.raw(
            """
            SELECT id, kind, owner, rule, debits_posted, credits_posted, debits_pending, credits_pending
            FROM ledger_accounts ORDER BY id
            """
        ).all().map(Self.account)
        var problems: [String] = []
        var totals = LedgerBalance()
        for (account, balance) in stored {
            let expected = fromTransfers.removeValue(forKey: account.id) ?? LedgerBalance()
            if balance != expected {
                problems.append(
                    "account \(account.id): stored \(Self.describe(balance)), transfers give \(Self.describe(expected))"
                )
            }
            if !balance.keeps(account.rule) {
                problems.append("account \(account.id) breaks its rule \(account.rule.rawValue)")
            }
            totals.debitsPosted += balance.debitsPosted
            totals.creditsPosted += balance.creditsPosted
            totals.debitsPending += balance.debitsPending
            totals.creditsPending += balance.creditsPending
        }
        for account in fromTransfers.keys.sorted() { problems.append("transfers name an unknown account \(account)") }
        if totals.debitsPosted != totals.creditsPosted || totals.debitsPending != totals.creditsPending {
            problems.append("debits and credits differ across the ledger: \(Self.describe(totals))")
        }
        let count =
            try await sql.raw("SELECT COUNT(*) AS n FROM ledger_transfers").first()?
            .decode(column: "n", as: Int.self) ?? 0
        return LedgerCheck(
            accounts: stored.count, transfers: count, postedTotal: totals.debitsPosted, problems: problems)
    }

    static func describe(_ balance: LedgerBalance) -> String {
        "debits \(balance.debitsPosted)+\(balance.debitsPending) pending, credits \(balance.creditsPosted)+\(balance.creditsPending) pending"
    }
}
