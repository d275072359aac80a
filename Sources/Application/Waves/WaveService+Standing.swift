import Domain
import Foundation
import Storage

extension WaveService {
    /// Where a person stands: their newest entry and its status as applicants know it, with
    /// what they need to check their own outcome, and their card and balance once selected.
    public struct Standing: Sendable {
        public var wave: Wave
        public var entry: WaveEntryRecord
        public var status: EntryStatus
        /// The highest rank selected in the entry's group, once drawn.
        public var lastSelectedRank: Int?
        public var card: CardRecord?
        public var balance: Rupiah?
    }

    public func standing(accountID: String) async throws -> Standing? {
        let now = clock.now()
        return try await database.read { connection -> Standing? in
            let waves = WaveStore(connection)
            guard let entry = try await waves.latestEntry(accountID: accountID),
                let wave = try await waves.find(id: entry.waveID)
            else { return nil }
            let status: EntryStatus =
                switch wave.phase(at: now) {
                case .scheduled, .open: .waitingForClose
                case .closed: .inSelection
                case .drawn: DrawOutcome(rawValue: entry.outcome ?? "")?.isSelected == true ? .selected : .notSelected
                }
            let card = try await CardStore(connection).find(accountID: accountID)
            var balance: Rupiah?
            if let card {
                balance = try await LedgerStore(connection).account(id: card.ledgerAccount)?.balance.available
            }
            return Standing(
                wave: wave, entry: entry, status: status,
                lastSelectedRank: wave.drawnAt == nil
                    ? nil : try await waves.lastSelectedRank(waveID: wave.id, group: entry.group),
                card: card, balance: balance)
        }
    }

    /// Funds the budget of the wave's scheme version.
    public func fundBudget(forWave number: Int, amount: Rupiah, key: String, as principal: OperatorPrincipal)
        async throws -> LedgerStore.Applied
    {
        guard let wave = try await wave(number: number) else { throw Failure.unknownWave }
        return try await fundBudget(
            schemeCode: wave.schemeCode, schemeVersion: wave.schemeVersion, amount: amount, key: key, as: principal)
    }

    /// Funds a scheme version's programme budget from the treasury; `key` makes it idempotent.
    public func fundBudget(
        schemeCode: String, schemeVersion: Int, amount: Rupiah, key: String, as principal: OperatorPrincipal
    ) async throws -> LedgerStore.Applied {
        let actor = try await operators.authorize(principal, .moveMoney, action: "budget.fund")
        let now = clock.now()
        let audit = self.audit
        return try await database.transaction { connection in
            guard let scheme = try await SchemeStore(connection).find(code: schemeCode, version: schemeVersion) else {
                throw Failure.unknownScheme
            }
            let ledger = LedgerStore(connection)
            let treasury = LedgerService.accountID(.treasury)
            let budget = Self.budgetAccount(scheme)
            try await ledger.open(LedgerAccount(id: treasury, kind: .treasury, owner: "", rule: .none), now: now)
            try await ledger.open(
                LedgerAccount(
                    id: budget, kind: .programmeBudget, owner: "\(scheme.code)-v\(scheme.version)",
                    rule: LedgerAccount.rule(for: .programmeBudget)), now: now)
            let applied = try await ledger.apply(
                LedgerTransfer(
                    id: "fund:\(key)", debitAccount: treasury, creditAccount: budget, amount: amount,
                    code: "budget_funding", scheme: scheme.versionName), now: now)
            if applied == .created {
                try await audit.append(
                    .budgetFunded, actor: actor, subject: budget, details: ["amount": String(amount.amount)], now: now,
                    in: connection)
            }
            return applied
        }
    }
}
