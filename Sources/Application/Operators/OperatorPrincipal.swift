import Domain
import Storage

/// Who asks for an operator action: a signed-in operator, or, from the command line in
/// development only, the local developer (the command line decides which it may offer).
public enum OperatorPrincipal: Sendable {
    case signedIn(OperatorRecord)
    case localDeveloper

    public var auditActor: AuditActor {
        switch self {
        case .signedIn(let record): .operator(record.id)
        case .localDeveloper: .commandLine
        }
    }
}
