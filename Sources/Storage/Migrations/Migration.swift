import Foundation
import SQLKit

/// One step of the schema, applied once, in order, in its own transaction: its statements,
/// then, for a step that must read sealed values, its data step, which returns what an
/// operator must be told (never personal data).
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let statements: @Sendable (Dialect) -> [SQLQueryString]
    var data: (@Sendable (StorageConnection, Date) async throws -> [String])? = nil
}

/// Every migration, in the order they apply. Add new ones at the end; never edit an applied one.
public enum Migrations {
    public static let all: [Migration] = [
        .m001Accounts,
        .m002Outbox,
        .m003FunnelCounters,
        .m004DevMailbox,
        .m005Lists,
        .m006Profiles,
        .m007Eligibility,
        .m008Phones,
        .m009RegistryRecords,
        .m010RateLimits,
        .m011SpentProofs,
        .m012WaitingRoom,
        .m013SealedSMSBox,
        .m014AuditLog,
        .m015Operators,
        .m016SealedEmail,
        .m017EmailLookupColumn,
        .m018ExpiryIndexes,
        .m019OutboxClaimOwner,
        .m020EmailLocalPartCase,
        .m021WaitingRoomAdmittedOnce,
        .m022SignInRecovery,
        .m023Ledger,
        .m024Schemes,
        .m025Waves,
        .m026TestSittings,
        .m027Marketplace,
        .m028WaitingRoomTicketBlocks,
    ]
}
