import Domain
import Foundation
import Storage

/// What operators read and export. Each use case checks its one permission here, for the API
/// and the command line alike, and records reads of personal data and exports in the audit
/// trail.
extension OperatorService {
    /// An applicant's account as an operator sees it: the email masked.
    public struct AccountOverview: Sendable, Equatable {
        public let id: String
        public let maskedEmail: String
        public let stage: FunnelStage
        public let createdAt: Date
        public let emailVerified: Bool
        public let identityStatus: String?
    }

    /// The waiting room's line as operators see it.
    public struct WaitingRoomStatus: Sendable, Equatable {
        public let admittedThrough: Int64
        public let placedWaiting: Int64
        public let unplaced: Int
        public let openingAt: Date?
        public let randomise: Bool
    }

    /// Throws `forbidden` (and records the denial) unless the principal may; returns who to
    /// record as the actor.
    @discardableResult
    public func authorize(_ principal: OperatorPrincipal, _ permission: OperatorPermission, action: String)
        async throws -> AuditActor
    {
        if case .signedIn(let record) = principal { try await authorize(record, permission, action: action) }
        return principal.auditActor
    }

    /// Whether no operator exists yet (the first is created from the command line as admin).
    public func awaitsFirstOperator() async throws -> Bool {
        try await database.read { try await OperatorStore($0).count() } == 0
    }

    public func operators(as principal: OperatorPrincipal) async throws -> [OperatorRecord] {
        try await authorize(principal, .manageOperators, action: "operator.list")
        return try await database.read { try await OperatorStore($0).all() }
    }

    public func identityConflicts(as principal: OperatorPrincipal, limit: Int = 200) async throws -> [NIKConflict] {
        let actor = try await authorize(principal, .reviewIdentities, action: "identity_conflicts.view")
        let conflicts = try await database.read { try await ProfileStore($0).recentConflicts(limit: limit) }
        try await audit.record(.conflictsViewed, actor: actor, details: ["entries": "\(conflicts.count)"])
        return conflicts
    }

    /// nil when there is no such account.
    public func account(_ id: String, as principal: OperatorPrincipal) async throws -> AccountOverview? {
        let actor = try await authorize(principal, .viewAccounts, action: "account.view")
        let found = try await database.read { connection in
            (
                try await AccountStore(connection).find(id: id),
                try await ProfileStore(connection).find(accountID: id)?.status.rawValue
            )
        }
        guard let account = found.0 else { return nil }
        try await audit.record(.accountViewed, actor: actor, subject: "applicant:\(id)")
        return AccountOverview(
            id: account.id, maskedEmail: EmailAddress.masked(account.email), stage: account.stage,
            createdAt: account.createdAt, emailVerified: account.isEmailVerified, identityStatus: found.1)
    }

    /// The newest audit entries, newest first, optionally of one event.
    public func auditEntries(as principal: OperatorPrincipal, event: String?, limit: Int) async throws -> [AuditEntry] {
        let actor = try await authorize(principal, .viewAuditLog, action: "audit.view")
        let limit = min(max(limit, 1), 10_000)
        let entries = try await database.read { try await AuditLogStore($0).latest(event: event, limit: limit) }
        try await audit.record(.auditViewed, actor: actor, details: ["entries": "\(entries.count)"])
        return entries
    }

    /// The funnel's counts for export, as `stage,count` lines.
    public func funnelExport(as principal: OperatorPrincipal) async throws -> String {
        let actor = try await authorize(principal, .exportFigures, action: "export.funnel")
        let counts = try await FunnelStatistics(database: database).counts()
        var csv = "stage,count\n"
        for stage in FunnelStage.allCases { csv += "\(stage.rawValue),\(counts[stage])\n" }
        try await audit.record(.dataExported, actor: actor, subject: "funnel.csv")
        return csv
    }

    public func waitingRoomStatus(as principal: OperatorPrincipal) async throws -> WaitingRoomStatus {
        try await authorize(principal, .controlWaitingRoom, action: "waiting_room.view")
        let snapshot = try await WaitingRoom.snapshot(database: database)
        return WaitingRoomStatus(
            admittedThrough: snapshot.state.admittedThrough, placedWaiting: snapshot.state.placedWaiting,
            unplaced: snapshot.unplaced,
            openingAt: snapshot.state.openingAt.map { Date(timeIntervalSince1970: Double($0)) },
            randomise: snapshot.state.randomise)
    }

    /// Schedules the waiting room's opening (or clears it, with nil).
    public func scheduleWaitingRoom(openingAt: Date?, randomise: Bool, as principal: OperatorPrincipal) async throws {
        let action = openingAt == nil ? "clear" : "open"
        let actor = try await authorize(principal, .controlWaitingRoom, action: "waiting_room.\(action)")
        try await WaitingRoom(database: database).schedule(openingAt: openingAt, randomise: randomise)
        try await audit.record(.waitingRoomChanged, actor: actor, subject: action)
    }

    /// Ends the operator session with this token.
    public func logout(token: String) async throws {
        try await database.transaction {
            try await OperatorStore($0).deleteSession(tokenHash: RandomTokens.hash(token))
        }
    }

    /// Forgets operator sessions that have expired.
    public func purgeExpiredSessions(now: Date) async throws {
        try await database.transaction { try await OperatorStore($0).purgeSessions(expiredBy: now) }
    }
}
