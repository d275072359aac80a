/// What the audit trail records: every operator action and every security event.
public enum AuditEvent: String, Sendable, CaseIterable {
    // Applicants
    case loginSucceeded = "login.succeeded"
    case loginFailed = "login.failed"
    case emailCodeFailed = "email_code.failed"
    case phoneCodeFailed = "phone_code.failed"
    case rateLimited = "rate_limit.exceeded"
    case passwordChanged = "password.changed"
    case passwordReset = "password.reset"
    case loginThrottled = "login.throttled"
    // Operators
    case operatorCreated = "operator.created"
    case operatorLoginSucceeded = "operator.login.succeeded"
    case operatorLoginFailed = "operator.login.failed"
    case operatorDenied = "operator.denied"
    case operatorRolesChanged = "operator.roles_changed"
    case operatorDisabled = "operator.disabled"
    case conflictsViewed = "identity_conflicts.viewed"
    case auditViewed = "audit.viewed"
    case accountViewed = "account.viewed"
    case dataExported = "data.exported"
    case waitingRoomChanged = "waiting_room.changed"
    case listImported = "list.imported"
    case registryImported = "registry.imported"
    case schemeAdded = "scheme.added"
    case waveChanged = "wave.changed"
    case selectionDrawn = "selection.drawn"
    case budgetFunded = "budget.funded"
    case cardRevoked = "card.revoked"
    // Marketplace
    case partnerChanged = "partner.changed"
    case partnerKeyIssued = "partner.key_issued"
    case courseReviewed = "course.reviewed"
    case courseSuspended = "course.suspended"
    case purchaseLocked = "purchase.locked"
    case settlementRun = "settlement.run"
    // Keys
    case keyRotation = "keys.rotated"
}

/// Who did it: the platform itself, an applicant, an operator, or someone at a command line.
public enum AuditActor: Sendable, Equatable {
    case system
    case commandLine
    case applicant(String)
    case `operator`(String)
    /// An unauthenticated client, by the keyed hash of its address.
    case client(String)
    /// A marketplace partner, by its id.
    case partner(String)

    public var text: String {
        switch self {
        case .system: "system"
        case .commandLine: "cli"
        case .applicant(let id): "applicant:\(id)"
        case .operator(let id): "operator:\(id)"
        case .client(let hash): "client:\(hash)"
        case .partner(let id): "partner:\(id)"
        }
    }
}
