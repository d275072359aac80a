import Domain
import Foundation
import SQLKit

/// The ledger's tables. Every write runs in the caller's transaction: a transfer and the four
/// sums it moves commit together, and a refused transfer throws, so the transaction (and every
/// transfer of its batch) rolls back.
public struct LedgerStore: Sendable {
    let connection: StorageConnection
    var sql: any SQLDatabase { connection.sql }

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    /// Opens an account unless one with its id exists; true when opened now.
    @discardableResult
    public func open(_ account: LedgerAccount, now: Date) async throws -> Bool {
        try await sql.raw(
            """
            INSERT INTO ledger_accounts (id, kind, owner, rule, created_at)
            VALUES (\(bind: account.id), \(bind: account.kind.rawValue), \(bind: account.owner),
                    \(bind: account.rule.rawValue), \(bind: now.millisecondsSince1970))
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """
        ).first() != nil
    }

    /// Opens several accounts, 1,000 per statement, skipping those open already.
    public func open(_ accounts: [LedgerAccount], now: Date) async throws {
        for start in stride(from: 0, to: accounts.count, by: 1_000) {
            let rows = SQLList(
                accounts[start..<min(start + 1_000, accounts.count)].map {
                    SQLQueryString(
                        "(\(bind: $0.id), \(bind: $0.kind.rawValue), \(bind: $0.owner), \(bind: $0.rule.rawValue), \(bind: now.millisecondsSince1970))"
                    )
                })
            try await sql.raw(
                "INSERT INTO ledger_accounts (id, kind, owner, rule, created_at) VALUES \(rows) ON CONFLICT (id) DO NOTHING"
            ).run()
        }
    }

    public func account(id: String) async throws -> (account: LedgerAccount, balance: LedgerBalance)? {
        guard
            let row = try await sql.raw(
                """
                SELECT id, kind, owner, rule, debits_posted, credits_posted, debits_pending, credits_pending
                FROM ledger_accounts WHERE id = \(bind: id)
                """
            ).first()
        else { return nil }
        return try Self.account(row)
    }

    static func account(_ row: any SQLRow) throws -> (account: LedgerAccount, balance: LedgerBalance) {
        let account = LedgerAccount(
            id: try row.decode(column: "id", as: String.self),
            kind: LedgerAccount.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .treasury,
            owner: try row.decode(column: "owner", as: String.self),
            rule: LedgerAccount.Rule(rawValue: try row.decode(column: "rule", as: String.self)) ?? .none)
        let balance = LedgerBalance(
            debitsPosted: try row.decode(column: "debits_posted", as: Int64.self),
            creditsPosted: try row.decode(column: "credits_posted", as: Int64.self),
            debitsPending: try row.decode(column: "debits_pending", as: Int64.self),
            creditsPending: try row.decode(column: "credits_pending", as: Int64.self))
        return (account, balance)
    }

    /// What a transfer call did.
    public enum Applied: Sendable, Equatable {
        case created
        /// A transfer with this id and the same fields exists: nothing was done again.
        case alreadyDone
    }

    /// Writes a transfer and moves the sums of its two accounts, or throws `LedgerRefusal`.
    public func apply(_ transfer: LedgerTransfer, now: Date) async throws -> Applied {
        if let existing = try await self.transfer(id: transfer.id) {
            guard existing == transfer else { throw LedgerRefusal.idempotencyConflict(id: transfer.id) }
            return .alreadyDone
        }
        guard transfer.amount.amount > 0 else { throw LedgerRefusal.amountNotPositive }
        guard transfer.debitAccount != transfer.creditAccount else { throw LedgerRefusal.sameAccount }
        let amount = transfer.amount.amount
        var pendingID: String?
        var timeout: Int64?
        switch transfer.phase {
        case .posted:
            try await debit(transfer.debitAccount, posted: amount, pending: 0)
            try await credit(transfer.creditAccount, posted: amount, pending: 0)
        case .pending(let timeoutAt):
            timeout = timeoutAt
            try await debit(transfer.debitAccount, posted: 0, pending: amount)
            try await credit(transfer.creditAccount, posted: 0, pending: amount)
        case .postPending(let id), .voidPending(let id):
            pendingID = id
            let reserved = try await reservedTransfer(id, for: transfer, now: now)
            let posts = if case .postPending = transfer.phase { true } else { false }
            guard !posts || Double(reserved.timeoutAt) > now.timeIntervalSince1970 else {
                throw LedgerRefusal.pendingExpired(id)
            }
            try await resolve(transfer.debitAccount, .debits, amount: amount, post: posts)
            try await resolve(transfer.creditAccount, .credits, amount: amount, post: posts)
        }
        try await sql.raw(
            """
            INSERT INTO ledger_transfers
                (id, debit_account, credit_account, amount, phase, pending_id, timeout_at, code, scheme, created_at)
            VALUES (\(bind: transfer.id), \(bind: transfer.debitAccount), \(bind: transfer.creditAccount),
                    \(bind: amount), \(bind: transfer.phase.name), \(bind: pendingID), \(bind: timeout),
                    \(bind: transfer.code), \(bind: transfer.scheme), \(bind: now.millisecondsSince1970))
            """
        ).run()
        return .created
    }

    public func transfer(id: String) async throws -> LedgerTransfer? {
        guard
            let row = try await sql.raw(
                """
                SELECT id, debit_account, credit_account, amount, phase, pending_id, timeout_at, code, scheme
                FROM ledger_transfers WHERE id = \(bind: id)
                """
            ).first()
        else { return nil }
        return try Self.transfer(row)
    }

    static func transfer(_ row: any SQLRow) throws -> LedgerTransfer {
        let pendingID = try row.decode(column: "pending_id", as: String?.self) ?? ""
        let phase: LedgerTransfer.Phase =
            switch try row.decode(column: "phase", as: String.self) {
            case "pending": .pending(timeoutAt: try row.decode(column: "timeout_at", as: Int64?.self) ?? 0)
            case "post_pending": .postPending(pendingID: pendingID)
            case "void_pending": .voidPending(pendingID: pendingID)
            default: .posted
            }
        return LedgerTransfer(
            id: try row.decode(column: "id", as: String.self),
            debitAccount: try row.decode(column: "debit_account", as: String.self),
            creditAccount: try row.decode(column: "credit_account", as: String.self),
            amount: Rupiah(try row.decode(column: "amount", as: Int64.self)), phase: phase,
            code: try row.decode(column: "code", as: String.self),
            scheme: try row.decode(column: "scheme", as: String.self))
    }

    /// The reserved transfer a second phase resolves, locked, checked to match and unresolved.
    private func reservedTransfer(_ id: String, for resolution: LedgerTransfer, now: Date) async throws
        -> (transfer: LedgerTransfer, timeoutAt: Int64)
    {
        guard
            let row = try await sql.raw(
                """
                SELECT id, debit_account, credit_account, amount, phase, pending_id, timeout_at, code, scheme
                FROM ledger_transfers WHERE id = \(bind: id) AND phase = 'pending'
                \(unsafeRaw: connection.dialect.forUpdate)
                """
            ).first()
        else { throw LedgerRefusal.pendingNotFound(id) }
        let reserved = try Self.transfer(row)
        guard reserved.debitAccount == resolution.debitAccount, reserved.creditAccount == resolution.creditAccount,
            reserved.amount == resolution.amount
        else { throw LedgerRefusal.pendingMismatch(id) }
        let resolved = try await sql.raw(
            "SELECT id FROM ledger_transfers WHERE pending_id = \(bind: id)"
        ).first()
        guard resolved == nil else { throw LedgerRefusal.pendingAlreadyResolved(id) }
        guard case .pending(let timeoutAt) = reserved.phase else { throw LedgerRefusal.pendingNotFound(id) }
        return (reserved, timeoutAt)
    }

    /// One side of an account: its columns, the rule that limits it, and the refusal when it would break it.
    enum Side: String {
        case debits, credits

        var limitingRule: String {
            self == .debits ? "debits_must_not_exceed_credits" : "credits_must_not_exceed_debits"
        }
        var other: String { self == .debits ? "credits" : "debits" }

        func refusal(_ account: String) -> LedgerRefusal {
            self == .debits ? .exceedsCredits(account: account) : .exceedsDebits(account: account)
        }
    }

    private func debit(_ account: String, posted: Int64, pending: Int64) async throws {
        try await add(account, .debits, posted: posted, pending: pending)
    }

    private func credit(_ account: String, posted: Int64, pending: Int64) async throws {
        try await add(account, .credits, posted: posted, pending: pending)
    }

    /// Adds to one side's sums unless that breaks the account's rule (side names are fixed
    /// column prefixes, never input).
    private func add(_ account: String, _ side: Side, posted: Int64, pending: Int64) async throws {
        let (this, other) = (side.rawValue, side.other)
        let moved = try await sql.raw(
            """
            UPDATE ledger_accounts
            SET \(unsafeRaw: this)_posted = \(unsafeRaw: this)_posted + \(bind: posted),
                \(unsafeRaw: this)_pending = \(unsafeRaw: this)_pending + \(bind: pending)
            WHERE id = \(bind: account)
                AND (rule <> \(bind: side.limitingRule)
                     OR \(unsafeRaw: this)_posted + \(unsafeRaw: this)_pending + \(bind: posted + pending) <= \(unsafeRaw: other)_posted)
            RETURNING id
            """
        ).first()
        guard moved == nil else { return }
        guard try await self.account(id: account) != nil else { throw LedgerRefusal.accountNotFound(account) }
        throw side.refusal(account)
    }

    /// Moves a reserved amount out of pending, into posted when `post`.
    private func resolve(_ account: String, _ side: Side, amount: Int64, post: Bool) async throws {
        let this = side.rawValue
        let resolved = try await sql.raw(
            """
            UPDATE ledger_accounts
            SET \(unsafeRaw: this)_pending = \(unsafeRaw: this)_pending - \(bind: amount),
                \(unsafeRaw: this)_posted = \(unsafeRaw: this)_posted + \(bind: post ? amount : 0)
            WHERE id = \(bind: account) RETURNING id
            """
        ).first()
        guard resolved != nil else { throw LedgerRefusal.accountNotFound(account) }
    }
}
