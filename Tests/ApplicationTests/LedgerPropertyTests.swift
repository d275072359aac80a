import Application
import Domain
import Foundation
import PropertyBased
import Storage
import TestSupport
import Testing

/// Random sequences of transfers, reservations, posts, voids and replays against a plain model
/// of the rules: the ledger agrees with the model after every sequence, no rule-keeping
/// account ever goes negative, and `verify` finds it whole.
@Suite struct LedgerPropertyTests {
    struct Model {
        var balances: [String: LedgerBalance] = [:]
        var rules: [String: LedgerAccount.Rule] = [:]
        var pending: [String: LedgerTransfer] = [:]
        var resolved: Set<String> = []
        var done: [String: LedgerTransfer] = [:]

        /// What the ledger must do with `transfer`: accept (and the model moves), or refuse.
        mutating func accepts(_ transfer: LedgerTransfer) -> Bool {
            if let earlier = done[transfer.id] { return earlier == transfer }
            let amount = transfer.amount.amount
            guard amount > 0, transfer.debitAccount != transfer.creditAccount,
                var debit = balances[transfer.debitAccount], var credit = balances[transfer.creditAccount]
            else { return false }
            switch transfer.phase {
            case .posted:
                debit.debitsPosted += amount
                credit.creditsPosted += amount
            case .pending:
                debit.debitsPending += amount
                credit.creditsPending += amount
            case .postPending(let id), .voidPending(let id):
                guard let held = pending[id], !resolved.contains(id), held.debitAccount == transfer.debitAccount,
                    held.creditAccount == transfer.creditAccount, held.amount == transfer.amount
                else { return false }
                debit.debitsPending -= amount
                credit.creditsPending -= amount
                if case .postPending = transfer.phase {
                    debit.debitsPosted += amount
                    credit.creditsPosted += amount
                }
            }
            guard debit.keeps(rules[transfer.debitAccount]!), credit.keeps(rules[transfer.creditAccount]!) else {
                return false
            }
            balances[transfer.debitAccount] = debit
            balances[transfer.creditAccount] = credit
            switch transfer.phase {
            case .pending: pending[transfer.id] = transfer
            case .postPending(let id), .voidPending(let id): resolved.insert(id)
            case .posted: break
            }
            done[transfer.id] = transfer
            return true
        }
    }

    static let accounts: [(LedgerAccount.Kind, String)] = [
        (.treasury, ""), (.programmeBudget, "2023"), (.trainingBalance, "a1"), (.trainingBalance, "a2"),
        (.partnerPayable, "p1"),
    ]

    @Test(arguments: TestEngine.allCases)
    func theLedgerFollowsTheModelAndStaysWhole(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let ledger = LedgerService(database: database, clock: TestClock())
            var ids: [String] = []
            for (kind, owner) in Self.accounts { ids.append(try await ledger.open(kind, owner: owner)) }
            let sequences = Gen.int(in: 0...Int(UInt32.max)).array(of: 30)
            await propertyCheck(count: engine == .sqlite ? 12 : 6, input: sequences) { numbers in
                var model = Model()
                for (index, id) in ids.enumerated() {
                    model.balances[id] = try? await ledger.balance(of: id)
                    model.rules[id] = LedgerAccount.rule(for: Self.accounts[index].0)
                }
                var issued: [LedgerTransfer] = []
                for (step, number) in numbers.enumerated() {
                    let pick = { (bound: Int, shift: Int) in (number >> shift) % bound }
                    let amount = Rupiah(Int64(pick(5, 3) * 250_000))
                    let debit = ids[pick(ids.count, 6)]
                    let credit = ids[pick(ids.count, 9)]
                    let unique = "t-\(numbers.first ?? 0)-\(step)-\(UUID().uuidString.prefix(6))"
                    let transfer: LedgerTransfer
                    switch pick(6, 0) {
                    case 0 where !issued.isEmpty:
                        transfer = issued[pick(issued.count, 12)]  // a replay
                    case 1:
                        transfer = LedgerTransfer(
                            id: unique, debitAccount: debit, creditAccount: credit, amount: amount,
                            phase: .pending(timeoutAt: Int64.max / 2), code: "uji", scheme: "2023")
                    case 2, 3:
                        let holds = issued.filter { if case .pending = $0.phase { true } else { false } }
                        guard let held = holds.isEmpty ? nil : holds[pick(holds.count, 12)] else { continue }
                        let phase: LedgerTransfer.Phase =
                            pick(2, 15) == 0 ? .postPending(pendingID: held.id) : .voidPending(pendingID: held.id)
                        transfer = LedgerTransfer(
                            id: unique, debitAccount: held.debitAccount, creditAccount: held.creditAccount,
                            amount: held.amount, phase: phase, code: "uji", scheme: "2023")
                    default:
                        transfer = LedgerTransfer(
                            id: unique, debitAccount: debit, creditAccount: credit, amount: amount, code: "uji",
                            scheme: "2023")
                    }
                    let expected = model.accepts(transfer)
                    let accepted = (try? await ledger.transfer(transfer)) != nil
                    #expect(accepted == expected, "\(transfer)")
                    if accepted { issued.append(transfer) }
                }
                for id in ids {
                    let stored = try? await ledger.balance(of: id)
                    #expect(stored == model.balances[id], "\(id)")
                    #expect(stored?.keeps(model.rules[id]!) == true)
                }
                #expect((try? await ledger.verify())?.problems == [])
            }
        }
    }

    /// Random batches of posted transfers (with replays, a zero amount now and then, and
    /// amounts that overdraw): a batch is written whole or not at all, as a model that applies
    /// it and checks every account's rule on the sums it leaves says.
    @Test(arguments: TestEngine.allCases)
    func batchesAreWholeOrNothingAndKeepEveryRule(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let ledger = LedgerService(database: database, clock: TestClock())
            var ids: [String] = []
            for (kind, owner) in Self.accounts { ids.append(try await ledger.open(kind, owner: owner)) }
            let batches = Gen.int(in: 0...Int(UInt32.max)).array(of: 6)
            await propertyCheck(count: engine == .sqlite ? 12 : 6, input: batches) { numbers in
                var balances: [String: LedgerBalance] = [:]
                for id in ids { balances[id] = try? await ledger.balance(of: id) }
                var done: [LedgerTransfer] = []
                for (step, number) in numbers.enumerated() {
                    let pick = { (bound: Int, shift: Int) in (number >> shift) % bound }
                    var batch: [LedgerTransfer] = []
                    for index in 0..<(2 + pick(5, 0)) {
                        let shift = 3 + index * 4
                        if pick(7, shift) == 0, !done.isEmpty {
                            let replay = done[pick(done.count, shift + 1)]
                            if !batch.contains(replay) { batch.append(replay) }
                            continue
                        }
                        batch.append(
                            LedgerTransfer(
                                id: "b-\(step)-\(index)-\(UUID().uuidString.prefix(8))",
                                debitAccount: ids[pick(ids.count, shift)],
                                creditAccount: ids[pick(ids.count, shift + 2)],
                                amount: Rupiah(Int64(pick(4, shift + 1) * 500_000)), code: "uji", scheme: "2023"))
                    }
                    // The model: every new transfer valid, and every rule kept by the sums left.
                    var after = balances
                    var valid = true
                    for transfer in batch where !done.contains(transfer) {
                        guard transfer.amount.amount > 0, transfer.debitAccount != transfer.creditAccount else {
                            valid = false
                            break
                        }
                        after[transfer.debitAccount]?.debitsPosted += transfer.amount.amount
                        after[transfer.creditAccount]?.creditsPosted += transfer.amount.amount
                    }
                    for (index, id) in ids.enumerated()
                    where after[id]?.keeps(LedgerAccount.rule(for: Self.accounts[index].0)) != true {
                        valid = false
                    }
                    let accepted = (try? await ledger.transfer(batch: batch)) != nil
                    #expect(accepted == valid, "\(batch)")
                    if accepted {
                        balances = after
                        done.append(contentsOf: batch.filter { !done.contains($0) })
                    }
                    for id in ids {
                        let stored = try? await ledger.balance(of: id)
                        #expect(stored == balances[id], "\(id)")
                    }
                }
                #expect((try? await ledger.verify())?.problems == [])
            }
        }
    }
}
