import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// `/api/v1/operator/…`: sign in with password and TOTP, then each route checks the one
/// permission it needs (see `OperatorRole`). Reading accounts and the audit log and exporting
/// figures are themselves recorded in the audit log.
struct OperatorAPI {
    let platform: Platform

    struct LoginInput: Codable {
        let username: String
        let password: String
        let code: String
    }

    struct CreateInput: Codable {
        let username: String
        let password: String
        let roles: [String]
    }

    struct RolesInput: Codable {
        let roles: [String]
    }

    struct OperatorView: Encodable {
        let id: String
        let username: String
        let roles: [String]
        let disabled: Bool

        init(_ record: OperatorRecord) {
            id = record.id
            username = record.username
            roles = record.roles.map(\.rawValue).sorted()
            disabled = record.isDisabled
        }
    }

    struct SessionView: Encodable {
        let token: String
        let expiresAt: Date
        let operatorAccount: OperatorView
    }

    struct CreatedView: Encodable {
        let id: String
        let username: String
        let roles: [String]
        let totpSecret: String
        let provisioningUri: String
    }

    struct AccountSummary: Encodable {
        let id: String
        /// Masked: enough to confirm with the caller, not to copy.
        let email: String
        let stage: String
        let createdAt: Date
        let emailVerified: Bool
        let identityStatus: String?
    }

    struct ConflictView: Encodable {
        let id: Int64
        let accountId: String
        let holderAccountId: String?
        let attemptedAt: Date
    }

    struct AuditEntryView: Encodable {
        let seq: Int64
        let at: Date
        let event: String
        let actor: String
        let subject: String
        let details: String
        let hash: String
    }

    struct WaitingRoomView: Encodable {
        let admittedThrough: Int64
        let placedWaiting: Int64
        let unplaced: Int
        let openingAt: Date?
        let randomise: Bool
    }

    func add(to router: some RouterMethods<AppRequestContext>) {
        let strings = platform.strings
        let operators = platform.operators
        let audit = platform.audit
        let database = platform.database
        let statistics = platform.statistics

        router.post("operator/sessions") { request, context in
            let input = try await JSONBody.decode(LoginInput.self, from: request, context: context, strings: strings)
            let session = try await operators.login(
                username: input.username, password: input.password, code: input.code, client: context.clientAddress)
            return try JSONBody.response(
                SessionView(
                    token: session.token, expiresAt: session.expiresAt, operatorAccount: OperatorView(session.record)),
                status: .created)
        }

        router.get("operator/me") { _, context in
            try JSONBody.response(OperatorView(try Self.signedIn(context)))
        }

        router.get("operator/operators") { _, context in
            let record = try Self.signedIn(context)
            try await operators.authorize(record, .manageOperators, action: "operator.list")
            let all = try await database.read { try await OperatorStore($0).all() }
            return try JSONBody.response(all.map(OperatorView.init))
        }

        router.post("operator/operators") { request, context in
            let record = try Self.signedIn(context)
            try await operators.authorize(record, .manageOperators, action: "operator.create")
            let input = try await JSONBody.decode(CreateInput.self, from: request, context: context, strings: strings)
            guard let roles = OperatorRole.parseList(input.roles.joined(separator: ",")) else {
                throw OperatorService.Failure.invalidRoles
            }
            let created = try await operators.create(
                by: record, username: input.username, password: input.password, roles: roles)
            return try JSONBody.response(
                CreatedView(
                    id: created.id, username: created.username, roles: created.roles.map(\.rawValue).sorted(),
                    totpSecret: created.totpSecret, provisioningUri: created.provisioningURI),
                status: .created)
        }

        router.post("operator/operators/:id/roles") { request, context in
            let record = try Self.signedIn(context)
            try await operators.authorize(record, .manageOperators, action: "operator.roles")
            let input = try await JSONBody.decode(RolesInput.self, from: request, context: context, strings: strings)
            guard let roles = OperatorRole.parseList(input.roles.joined(separator: ",")) else {
                throw OperatorService.Failure.invalidRoles
            }
            let id = try context.parameters.require("id")
            try await operators.setRoles(by: record, operatorID: id, roles: roles)
            return Response(status: .noContent)
        }

        router.post("operator/operators/:id/disable") { _, context in
            let record = try Self.signedIn(context)
            try await operators.disable(by: record, operatorID: try context.parameters.require("id"))
            return Response(status: .noContent)
        }

        router.get("operator/identity-conflicts") { _, context in
            let record = try Self.signedIn(context)
            try await operators.authorize(record, .reviewIdentities, action: "identity_conflicts.view")
            let conflicts = try await database.read { try await ProfileStore($0).recentConflicts(limit: 200) }
            try await audit.record(
                .conflictsViewed, actor: .operator(record.id), details: ["entries": "\(conflicts.count)"])
            return try JSONBody.response(
                conflicts.map {
                    ConflictView(
                        id: $0.id, accountId: $0.accountID, holderAccountId: $0.holderAccountID,
                        attemptedAt: $0.attemptedAt)
                })
        }

        router.get("operator/accounts/:id") { _, context in
            let record = try Self.signedIn(context)
            try await operators.authorize(record, .viewAccounts, action: "account.view")
            let id = try context.parameters.require("id")
            let found = try await database.read { connection in
                (
                    try await AccountStore(connection).find(id: id),
                    try await ProfileStore(connection).find(accountID: id)?.status.rawValue
                )
            }
            guard let account = found.0 else {
                throw APIError(
                    status: .notFound, code: "not_found", message: strings.text("error.not_found", context.locale))
            }
            try await audit.record(.accountViewed, actor: .operator(record.id), subject: "applicant:\(id)")
            return try JSONBody.response(
                AccountSummary(
                    id: account.id, email: Self.masked(account.email), stage: account.stage.rawValue,
                    createdAt: account.createdAt, emailVerified: account.isEmailVerified, identityStatus: found.1))
        }

        router.get("operator/audit") { request, context in
            let record = try Self.signedIn(context)
            try await operators.authorize(record, .viewAuditLog, action: "audit.view")
            let event = request.uri.queryParameters["event"].map(String.init)
            let limit = min(max(Int(request.uri.queryParameters["limit"].map(String.init) ?? "") ?? 100, 1), 1000)
            let entries = try await database.read { try await AuditLogStore($0).latest(event: event, limit: limit) }
            try await audit.record(.auditViewed, actor: .operator(record.id), details: ["entries": "\(entries.count)"])
            return try JSONBody.response(
                entries.map {
                    AuditEntryView(
                        seq: $0.seq, at: $0.at, event: $0.event, actor: $0.actor, subject: $0.subject,
                        details: $0.details, hash: $0.hash)
                })
        }

        router.get("operator/exports/funnel.csv") { _, context in
            let record = try Self.signedIn(context)
            try await operators.authorize(record, .exportFigures, action: "export.funnel")
            let counts = try await statistics.counts()
            var csv = "stage,count\n"
            for stage in FunnelStage.allCases { csv += "\(stage.rawValue),\(counts[stage])\n" }
            try await audit.record(.dataExported, actor: .operator(record.id), subject: "funnel.csv")
            var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: csv)))
            response.headers[.contentType] = "text/csv; charset=utf-8"
            response.headers[.cacheControl] = "no-store"
            return response
        }

        router.get("operator/waiting-room") { _, context in
            let record = try Self.signedIn(context)
            try await operators.authorize(record, .controlWaitingRoom, action: "waiting_room.view")
            let snapshot = try await WaitingRoom(database: database).snapshot()
            return try JSONBody.response(
                WaitingRoomView(
                    admittedThrough: snapshot.state.admittedThrough, placedWaiting: snapshot.state.placedWaiting,
                    unplaced: snapshot.unplaced,
                    openingAt: snapshot.state.openingAt.map { Date(timeIntervalSince1970: Double($0)) },
                    randomise: snapshot.state.randomise))
        }
    }

    static func signedIn(_ context: AppRequestContext) throws -> OperatorRecord {
        guard let record = context.operatorRecord else { throw OperatorService.Failure.unauthenticated }
        return record
    }

    /// `b***@contoh.co.id`: the first character and the domain.
    static func masked(_ email: String) -> String {
        guard let at = email.lastIndex(of: "@"), at > email.startIndex else { return "***" }
        return String(email[email.startIndex]) + "***" + String(email[at...])
    }
}
