import Foundation

/// What an operator may do. Every operator route and data-changing command names the one
/// permission it needs; roles grant the smallest set their work needs.
public enum OperatorPermission: String, Sendable, CaseIterable {
    case manageOperators = "manage_operators"
    case viewAccounts = "view_accounts"
    case reviewIdentities = "review_identities"
    case importLists = "import_lists"
    case controlWaitingRoom = "control_waiting_room"
    case exportFigures = "export_figures"
    case viewAuditLog = "view_audit_log"
    case rotateKeys = "rotate_keys"
    /// Add scheme versions; create, open and close waves and run their selection.
    case runProgramme = "run_programme"
    /// Move programme money: fund a scheme's budget from the treasury.
    case moveMoney = "move_money"
    /// Onboard, approve and suspend marketplace partners and issue their API keys.
    case managePartners = "manage_partners"
    /// Approve, send back or reject the courses partners submit.
    case curateCourses = "curate_courses"
}

public enum OperatorRole: String, Sendable, CaseIterable, Codable {
    case admin, verifier, finance, support, auditor

    public var permissions: Set<OperatorPermission> {
        switch self {
        case .admin:
            [
                .manageOperators, .viewAccounts, .importLists, .controlWaitingRoom, .rotateKeys, .runProgramme,
                .managePartners, .curateCourses,
            ]
        case .verifier: [.viewAccounts, .reviewIdentities, .importLists, .curateCourses]
        case .finance: [.exportFigures, .moveMoney]
        case .support: [.viewAccounts]
        case .auditor: [.viewAuditLog, .exportFigures]
        }
    }

    /// Roles written as `admin,verifier`; nil when any is unknown or none is given.
    public static func parseList(_ text: String) -> Set<OperatorRole>? {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let roles = names.compactMap(OperatorRole.init(rawValue:))
        guard !roles.isEmpty, roles.count == names.count else { return nil }
        return Set(roles)
    }
}

extension Set where Element == OperatorRole {
    public func allows(_ permission: OperatorPermission) -> Bool {
        contains { $0.permissions.contains(permission) }
    }

    /// Stored as a sorted comma-separated list.
    public var text: String { map(\.rawValue).sorted().joined(separator: ",") }
}
