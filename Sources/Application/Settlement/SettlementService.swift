import Domain
import Foundation
import Storage

/// Paying the platforms: a settlement run (finance, permission `move_money`) totals the redeemed
/// purchases no run has paid, per platform and scheme version, moves each total from the
/// platform's payable to what it has been paid by one ledger transfer, marks the purchases, and
/// keeps the file. Purchases voided before redemption never reach a run: their money went back.
public struct SettlementService: Sendable {
    let database: any DatabaseClient
    let clock: any AppClock
    let audit: AuditTrail
    let operators: OperatorService

    public init(database: any DatabaseClient, clock: any AppClock, audit: AuditTrail, operators: OperatorService) {
        self.database = database
        self.clock = clock
        self.audit = audit
        self.operators = operators
    }

    public static func paidAccount(platformID: String) -> String {
        LedgerService.accountID(.partnerPaid, owner: platformID)
    }

    /// Runs a settlement; one with no lines when nothing is owed (nothing is recorded then).
    public func run(as principal: OperatorPrincipal) async throws -> Settlement {
        let actor = try await operators.authorize(principal, .moveMoney, action: "settlement.run")
        let now = clock.now()
        let id = RandomTokens.timeOrderedID(now: now)
        let audit = self.audit
        return try await database.transaction { connection in
            let store = SettlementStore(connection)
            let owed = try await store.owed()
            let ledger = LedgerStore(connection)
            let partners = PartnerStore(connection)
            var lines: [Settlement.Line] = []
            for key in owed.keys.sorted(by: { ($0.platformID, $0.scheme) < ($1.platformID, $1.scheme) }) {
                guard let (ids, amount) = owed[key], amount > 0 else { continue }
                let partner = try await partners.find(id: key.platformID)
                let paid = Self.paidAccount(platformID: key.platformID)
                try await ledger.open(
                    LedgerAccount(
                        id: paid, kind: .partnerPaid, owner: key.platformID, rule: LedgerAccount.rule(for: .partnerPaid)
                    ),
                    now: now)
                let transferID = "settlement:\(id):\(key.platformID):\(key.scheme)"
                _ = try await ledger.apply(
                    LedgerTransfer(
                        id: transferID, debitAccount: PurchaseService.payableAccount(platformID: key.platformID),
                        creditAccount: paid, amount: Rupiah(amount), code: "settlement", scheme: key.scheme),
                    now: now)
                _ = try await store.mark(ids, settlementID: id)
                lines.append(
                    Settlement.Line(
                        platformID: key.platformID, clientCode: partner?.clientCode ?? "",
                        legalName: partner?.legalName ?? "", scheme: key.scheme, purchases: ids.count,
                        amount: Rupiah(amount), transferID: transferID))
            }
            let settlement = Settlement(id: id, createdAt: now, lines: lines)
            guard !lines.isEmpty else { return settlement }
            try await store.insert(settlement, actor: actor.text)
            try await audit.append(
                .settlementRun, actor: actor, subject: id,
                details: ["lines": String(lines.count), "total": String(settlement.total.amount)], now: now,
                in: connection)
            return settlement
        }
    }

    public func settlement(id: String, as principal: OperatorPrincipal) async throws -> Settlement? {
        _ = try await operators.authorize(principal, .moveMoney, action: "settlement.file")
        return try await database.read { try await SettlementStore($0).find(id: id) }
    }

    public func settlements(as principal: OperatorPrincipal, limit: Int = 50) async throws -> [Settlement] {
        _ = try await operators.authorize(principal, .moveMoney, action: "settlement.list")
        return try await database.read { try await SettlementStore($0).all(limit: limit) }
    }
}
