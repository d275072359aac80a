import Domain
import Foundation
import Storage

/// The money spine: open accounts, move money between them by transfers (each with the
/// caller's idempotency key), read balances, and check the whole ledger against its transfers.
/// Nothing else writes a balance.
public struct LedgerService: Sendable {
    let database: any DatabaseClient
    let clock: any AppClock

    public init(database: any DatabaseClient, clock: any AppClock) {
        self.database = database
        self.clock = clock
    }

    /// The id of the account of `kind` that belongs to `owner` (the treasury has no owner).
    public static func accountID(_ kind: LedgerAccount.Kind, owner: String = "") -> String {
        owner.isEmpty ? kind.rawValue : "\(kind.rawValue):\(owner)"
    }

    /// Opens the account of `kind` for `owner` if it is not open yet; its id.
    @discardableResult
    public func open(_ kind: LedgerAccount.Kind, owner: String = "") async throws -> String {
        let account = LedgerAccount(
            id: Self.accountID(kind, owner: owner), kind: kind, owner: owner, rule: LedgerAccount.rule(for: kind))
        let now = clock.now()
        _ = try await database.transaction { try await LedgerStore($0).open(account, now: now) }
        return account.id
    }

    /// One transfer in its own transaction.
    @discardableResult
    public func transfer(_ transfer: LedgerTransfer) async throws -> LedgerStore.Applied {
        try await self.transfer(batch: [transfer])[0]
    }

    /// Several transfers in one transaction, in order: all are written or, when one is refused,
    /// none (the refusal is thrown).
    public func transfer(batch: [LedgerTransfer]) async throws -> [LedgerStore.Applied] {
        let now = clock.now()
        return try await database.transaction { try await LedgerStore($0).apply(batch, now: now) }
    }

    /// Transfers inside a caller's transaction, so a use case's change and its money move together.
    public static func transfer(_ batch: [LedgerTransfer], now: Date, in connection: StorageConnection) async throws {
        _ = try await LedgerStore(connection).apply(batch, now: now)
    }

    public func balance(of id: String) async throws -> LedgerBalance? {
        try await database.read { try await LedgerStore($0).account(id: id)?.balance }
    }

    public func verify() async throws -> LedgerCheck {
        try await database.read { try await LedgerStore($0).verify() }
    }
}
