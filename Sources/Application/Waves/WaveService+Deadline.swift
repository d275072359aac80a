import Domain
import Foundation
import Storage

extension WaveService {
    /// What one run of the purchase-deadline job did.
    public struct Revocations: Sendable, Equatable {
        /// Cards revoked in this run, per wave: places an operator can refill from a later wave.
        public var freedPlaces: [String: Int] = [:]
        /// Rupiah returned to the treasury.
        public var returned: Int64 = 0

        public var count: Int { freedPlaces.values.reduce(0, +) }
    }

    /// Revokes every card whose scheme deadline passed without a first purchase: each in its
    /// own transaction, the card marked revoked and its whole remaining balance moved back to
    /// the treasury by a transfer keyed by the card, so a rerun or a second node does nothing
    /// twice. A revoked card's holder stays a recipient: they never join a wave again.
    @discardableResult
    public func revokeExpiredCards(batchSize: Int = 500) async throws -> Revocations {
        let now = clock.now()
        let audit = self.audit
        var done = Revocations()
        while true {
            let expired = try await database.read { try await CardStore($0).expired(at: now, limit: batchSize) }
            guard !expired.isEmpty else { break }
            for card in expired {
                let returned = try await database.transaction { connection -> Int64? in
                    guard try await CardStore(connection).revoke(number: card.number, at: now) else { return nil }
                    let ledger = LedgerStore(connection)
                    let treasury = LedgerService.accountID(.treasury)
                    try await ledger.open(
                        LedgerAccount(id: treasury, kind: .treasury, owner: "", rule: .none), now: now)
                    let available = try await ledger.account(id: card.ledgerAccount)?.balance.available.amount ?? 0
                    if available > 0 {
                        let scheme = try await WaveStore(connection).find(id: card.waveID).map {
                            "\($0.schemeCode) v\($0.schemeVersion)"
                        }
                        _ = try await ledger.apply(
                            LedgerTransfer(
                                id: "revoke:\(card.number.digits)", debitAccount: card.ledgerAccount,
                                creditAccount: treasury, amount: Rupiah(available), code: "revocation",
                                scheme: scheme ?? ""), now: now)
                    }
                    try await audit.append(
                        .cardRevoked, actor: .system, subject: "applicant:\(card.accountID)",
                        details: ["wave": card.waveID, "returned": String(available)], now: now, in: connection)
                    return available
                }
                if let returned {
                    done.freedPlaces[card.waveID, default: 0] += 1
                    done.returned += returned
                }
            }
            if expired.count < batchSize { break }
        }
        return done
    }
}
