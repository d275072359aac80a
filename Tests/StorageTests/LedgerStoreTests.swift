import Domain
import Foundation
import SQLKit
import Storage
import TestSupport
import Testing

/// The ledger's rules in the store, on both engines: idempotent transfers, balances that never
/// go negative, two-phase transfers, immutability, and a verify that finds any edited balance.
@Suite struct LedgerStoreTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000)

    func accounts(_ database: any DatabaseClient) async throws {
        let now = self.now
        try await database.transaction { connection in
            let store = LedgerStore(connection)
            for (id, kind) in [
                ("treasury", LedgerAccount.Kind.treasury), ("programme_budget:2023", .programmeBudget),
                ("training_balance:a1", .trainingBalance), ("partner_payable:p1", .partnerPayable),
            ] {
                try await store.open(
                    LedgerAccount(id: id, kind: kind, owner: "", rule: LedgerAccount.rule(for: kind)), now: now)
            }
        }
    }

    func apply(_ database: any DatabaseClient, _ transfer: LedgerTransfer, at time: Date? = nil) async throws
        -> LedgerStore.Applied
    {
        let now = time ?? self.now
        return try await database.transaction { try await LedgerStore($0).apply(transfer, now: now) }
    }

    func balance(_ database: any DatabaseClient, _ id: String) async throws -> LedgerBalance? {
        try await database.read { try await LedgerStore($0).account(id: id)?.balance }
    }

    static func move(
        _ id: String, _ from: String, _ to: String, _ amount: Int64, _ phase: LedgerTransfer.Phase = .posted
    )
        -> LedgerTransfer
    {
        LedgerTransfer(
            id: id, debitAccount: from, creditAccount: to, amount: Rupiah(amount), phase: phase, code: "uji",
            scheme: "2023")
    }

    @Test(arguments: TestEngine.allCases)
    func transfersAreIdempotentAndBalancesNeverGoNegative(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await accounts(database)
            let fund = Self.move("fund-1", "treasury", "programme_budget:2023", 4_200_000)
            #expect(try await apply(database, fund) == .created)
            #expect(try await apply(database, fund) == .alreadyDone)
            await #expect(throws: LedgerRefusal.idempotencyConflict(id: "fund-1")) {
                _ = try await apply(database, Self.move("fund-1", "treasury", "programme_budget:2023", 1))
            }
            #expect(try await balance(database, "programme_budget:2023")?.available == Rupiah(4_200_000))

            let grant = Self.move("grant-a1", "programme_budget:2023", "training_balance:a1", 3_500_000)
            #expect(try await apply(database, grant) == .created)
            await #expect(throws: LedgerRefusal.exceedsCredits(account: "programme_budget:2023")) {
                _ = try await apply(database, Self.move("grant-a2", "programme_budget:2023", "treasury", 700_001))
            }
            await #expect(throws: LedgerRefusal.accountNotFound("training_balance:nobody")) {
                _ = try await apply(database, Self.move("x", "programme_budget:2023", "training_balance:nobody", 1))
            }
            await #expect(throws: LedgerRefusal.amountNotPositive) {
                _ = try await apply(database, Self.move("zero", "treasury", "programme_budget:2023", 0))
            }
            // A refused transfer leaves nothing behind, and the ledger still adds up.
            #expect(try await database.read { try await LedgerStore($0).transfer(id: "grant-a2") } == nil)
            #expect(try await balance(database, "programme_budget:2023")?.available == Rupiah(700_000))
            let check = try await database.read { try await LedgerStore($0).verify() }
            #expect(check.problems == [])
            #expect(check.transfers == 2)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func twoPhaseTransfersReserveThenPostOrVoid(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await accounts(database)
            _ = try await apply(database, Self.move("fund", "treasury", "training_balance:a1", 1_000_000))
            let timeout = Int64(now.timeIntervalSince1970) + 600
            let hold = Self.move(
                "buy-1", "training_balance:a1", "partner_payable:p1", 700_000, .pending(timeoutAt: timeout))
            _ = try await apply(database, hold)
            #expect(try await balance(database, "training_balance:a1")?.available == Rupiah(300_000))
            await #expect(throws: LedgerRefusal.exceedsCredits(account: "training_balance:a1")) {
                _ = try await apply(
                    database,
                    Self.move(
                        "buy-2", "training_balance:a1", "partner_payable:p1", 300_001, .pending(timeoutAt: timeout)))
            }
            await #expect(throws: LedgerRefusal.pendingMismatch("buy-1")) {
                _ = try await apply(
                    database,
                    Self.move(
                        "post-wrong", "training_balance:a1", "partner_payable:p1", 1, .postPending(pendingID: "buy-1")))
            }
            let post = Self.move(
                "buy-1-post", "training_balance:a1", "partner_payable:p1", 700_000, .postPending(pendingID: "buy-1"))
            #expect(try await apply(database, post) == .created)
            #expect(try await apply(database, post) == .alreadyDone)
            await #expect(throws: LedgerRefusal.pendingAlreadyResolved("buy-1")) {
                _ = try await apply(
                    database,
                    Self.move(
                        "buy-1-void", "training_balance:a1", "partner_payable:p1", 700_000,
                        .voidPending(pendingID: "buy-1")))
            }
            let after = try #require(try await balance(database, "training_balance:a1"))
            #expect(after == LedgerBalance(debitsPosted: 700_000, creditsPosted: 1_000_000))

            // A hold past its timeout can no longer be posted, only voided.
            _ = try await apply(
                database,
                Self.move("buy-3", "training_balance:a1", "partner_payable:p1", 200_000, .pending(timeoutAt: timeout)))
            let late = now.addingTimeInterval(601)
            await #expect(throws: LedgerRefusal.pendingExpired("buy-3")) {
                _ = try await apply(
                    database,
                    Self.move(
                        "buy-3-post", "training_balance:a1", "partner_payable:p1", 200_000,
                        .postPending(pendingID: "buy-3")),
                    at: late)
            }
            _ = try await apply(
                database,
                Self.move(
                    "buy-3-void", "training_balance:a1", "partner_payable:p1", 200_000, .voidPending(pendingID: "buy-3")
                ),
                at: late)
            #expect(try await balance(database, "training_balance:a1")?.available == Rupiah(300_000))
            #expect(try await database.read { try await LedgerStore($0).verify() }.problems == [])
        }
    }

    @Test(arguments: TestEngine.allCases)
    func transfersAreImmutableAndAnEditedBalanceIsFound(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await accounts(database)
            _ = try await apply(database, Self.move("fund", "treasury", "programme_budget:2023", 500))
            await #expect(throws: (any Error).self) {
                try await database.transaction {
                    try await $0.sql.raw("UPDATE ledger_transfers SET amount = 5000 WHERE id = 'fund'").run()
                }
            }
            await #expect(throws: (any Error).self) {
                try await database.transaction { try await $0.sql.raw("DELETE FROM ledger_transfers").run() }
            }
            // The database itself refuses a negative training balance, whatever writes it.
            await #expect(throws: (any Error).self) {
                try await database.transaction {
                    try await $0.sql.raw(
                        "UPDATE ledger_accounts SET debits_posted = 1 WHERE id = 'training_balance:a1'"
                    ).run()
                }
            }
            try await database.transaction {
                try await $0.sql.raw(
                    "UPDATE ledger_accounts SET credits_posted = 900 WHERE id = 'programme_budget:2023'"
                ).run()
            }
            let check = try await database.read { try await LedgerStore($0).verify() }
            #expect(check.problems.contains { $0.hasPrefix("account programme_budget:2023: stored") })
            #expect(check.problems.contains { $0.hasPrefix("debits and credits differ") })
        }
    }
}
