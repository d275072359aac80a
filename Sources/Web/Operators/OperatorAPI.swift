import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// `/api/v1/operator/…`: sign in with password and TOTP; every other route is declared on the
/// signed-in operators' group. Which permission each needs (see `OperatorRole`) is checked by
/// its use case in `OperatorService`, which also records reads and exports in the audit log.
struct OperatorAPI {
    let platform: Platform

    struct LoginInput: Codable {
        let username: String
        let password: String
        let code: String
        /// From an earlier sign-in: past the failure limit, only known devices may try.
        let deviceToken: String?
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
        let deviceToken: String
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

    func add(to api: RouterGroup<AppRequestContext>) {
        let strings = platform.strings
        let operators = platform.operators

        let group = api.group("operator").add(middleware: OperatorSessionMiddleware(operators: operators))
        group.post("sessions") { request, context in
            let input = try await JSONBody.decode(LoginInput.self, from: request, context: context, strings: strings)
            let session = try await operators.login(
                username: input.username, password: input.password, code: input.code, client: context.clientAddress,
                device: input.deviceToken)
            return try JSONBody.response(
                SessionView(
                    token: session.token, expiresAt: session.expiresAt, operatorAccount: OperatorView(session.record),
                    deviceToken: session.deviceToken),
                status: .created)
        }

        let signedIn = group.group(context: OperatorRequestContext.self)
        OperatorWavesAPI(platform: platform).add(signedIn: signedIn)

        signedIn.get("me") { _, context in
            try JSONBody.response(OperatorView(context.operatorRecord))
        }

        signedIn.get("operators") { _, context in
            try JSONBody.response(try await operators.operators(as: context.principal).map(OperatorView.init))
        }

        signedIn.post("operators") { request, context in
            let input = try await JSONBody.decode(CreateInput.self, from: request, context: context, strings: strings)
            let created = try await operators.create(
                by: context.operatorRecord, username: input.username, password: input.password,
                roles: Self.roles(input.roles))
            return try JSONBody.response(
                CreatedView(
                    id: created.id, username: created.username, roles: created.roles.map(\.rawValue).sorted(),
                    totpSecret: created.totpSecret, provisioningUri: created.provisioningURI),
                status: .created)
        }

        signedIn.post("operators/:id/roles") { request, context in
            let input = try await JSONBody.decode(RolesInput.self, from: request, context: context, strings: strings)
            try await operators.setRoles(
                by: context.operatorRecord, operatorID: try context.parameters.require("id"),
                roles: Self.roles(input.roles))
            return Response(status: .noContent)
        }

        signedIn.post("operators/:id/disable") { _, context in
            try await operators.disable(by: context.operatorRecord, operatorID: try context.parameters.require("id"))
            return Response(status: .noContent)
        }

        signedIn.get("identity-conflicts") { _, context in
            let conflicts = try await operators.identityConflicts(as: context.principal)
            return try JSONBody.response(
                conflicts.map {
                    ConflictView(
                        id: $0.id, accountId: $0.accountID, holderAccountId: $0.holderAccountID,
                        attemptedAt: $0.attemptedAt)
                })
        }

        signedIn.get("accounts/:id") { _, context in
            guard let account = try await operators.account(try context.parameters.require("id"), as: context.principal)
            else {
                throw APIError(
                    status: .notFound, code: "not_found", message: strings.text("error.not_found", context.locale))
            }
            return try JSONBody.response(
                AccountSummary(
                    id: account.id, email: account.maskedEmail, stage: account.stage.rawValue,
                    createdAt: account.createdAt, emailVerified: account.emailVerified,
                    identityStatus: account.identityStatus))
        }

        signedIn.get("audit") { request, context in
            let event = request.uri.queryParameters["event"].map(String.init)
            let limit = min(Int(request.uri.queryParameters["limit"].map(String.init) ?? "") ?? 100, 1000)
            let entries = try await operators.auditEntries(as: context.principal, event: event, limit: limit)
            return try JSONBody.response(
                entries.map {
                    AuditEntryView(
                        seq: $0.seq, at: $0.at, event: $0.event, actor: $0.actor, subject: $0.subject,
                        details: $0.details, hash: $0.hash)
                })
        }

        signedIn.get("exports/funnel.csv") { _, context in
            let csv = try await operators.funnelExport(as: context.principal)
            var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: csv)))
            response.headers[.contentType] = "text/csv; charset=utf-8"
            response.headers[.cacheControl] = "no-store"
            return response
        }

        signedIn.get("waiting-room") { _, context in
            let status = try await operators.waitingRoomStatus(as: context.principal)
            return try JSONBody.response(
                WaitingRoomView(
                    admittedThrough: status.admittedThrough, placedWaiting: status.placedWaiting,
                    unplaced: status.unplaced, openingAt: status.openingAt, randomise: status.randomise))
        }
    }

    /// The roles named; none when any name is unknown, which the use case refuses once it has
    /// checked the caller may change roles at all.
    static func roles(_ names: [String]) -> Set<OperatorRole> {
        OperatorRole.parseList(names.joined(separator: ",")) ?? []
    }
}

extension OperatorRequestContext {
    var principal: OperatorPrincipal { .signedIn(operatorRecord) }
}
