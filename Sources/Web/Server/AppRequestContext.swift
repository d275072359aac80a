import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// What every handler, renderer and form reader needs from a request, whichever route group
/// it came through.
public protocol WebRequestContext: RequestContext {
    var locale: AppLocale { get }
    /// The token forms must echo back; valid for this browser's CSRF cookie (pages only).
    var csrfToken: String { get }
    /// The client's IP address, for per-address limits.
    var clientAddress: String? { get }
    var isSignedIn: Bool { get }
}

extension WebRequestContext {
    /// Request bodies are small forms and JSON objects.
    public var maxUploadSize: Int { 64 * 1024 }
}

/// Per-request state the router's middleware fills in: language, client address, and on
/// the groups that look them up, the session and the CSRF token. Routes that need a signed-in
/// applicant or operator are declared on groups whose context carries one
/// (`SignedInRequestContext`, `OperatorRequestContext`).
public struct AppRequestContext: WebRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var locale: AppLocale = .default
    /// The session token from the bearer header (API) or the session cookie (pages).
    public var sessionToken: String?
    public var account: AccountRecord?
    /// The signed-in operator, set on the operator API's group and the console's.
    public var operatorRecord: OperatorRecord?
    /// The console's session token (the operator API's is not kept: it binds no form).
    public var operatorSessionToken: String?
    /// The partner whose signature the partner API's group checked.
    public var partner: Partner?
    public var csrfToken: String = ""

    /// The peer's address, or the one a trusted proxy forwarded (`ClientAddressMiddleware`).
    public var clientAddress: String?
    /// The address of the connection's other end, whatever any header says.
    public let peerAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
        clientAddress = peerAddress
    }

    public var isSignedIn: Bool { account != nil }
}

/// A request from a signed-in applicant: routes declared on a group with this context cannot
/// run without one. Entering the group without a session throws `AccountError.unauthenticated`,
/// which the API answers 401 and pages answer with a redirect to sign in.
public struct SignedInRequestContext: ChildRequestContext, WebRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let account: AccountRecord
    public let sessionToken: String
    public let locale: AppLocale
    public let csrfToken: String
    public let clientAddress: String?

    public init(context: AppRequestContext) throws {
        guard let account = context.account, let token = context.sessionToken else {
            throw AccountError.unauthenticated
        }
        coreContext = context.coreContext
        self.account = account
        sessionToken = token
        locale = context.locale
        csrfToken = context.csrfToken
        clientAddress = context.clientAddress
    }

    public var isSignedIn: Bool { true }
}

/// A request from a signed-in operator (`/api/v1/operator/…` past sign-in). Which permission
/// each action needs is decided by the use case in `OperatorService`, for the API and the CLI
/// alike.
public struct OperatorRequestContext: ChildRequestContext, WebRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let operatorRecord: OperatorRecord
    public let locale: AppLocale
    public let clientAddress: String?

    public init(context: AppRequestContext) throws {
        guard let record = context.operatorRecord else { throw OperatorService.Failure.unauthenticated }
        coreContext = context.coreContext
        operatorRecord = record
        locale = context.locale
        clientAddress = context.clientAddress
    }

    public var csrfToken: String { "" }
    public var isSignedIn: Bool { true }
}

/// A page request from an operator signed in to the console (`/konsol/…` past sign-in). As on
/// the operator API, each action's permission is checked by its use case; entering the group
/// without a console session throws `OperatorService.Failure.unauthenticated`, which pages
/// answer with a redirect to the console's sign-in.
public struct ConsoleRequestContext: ChildRequestContext, WebRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let operatorRecord: OperatorRecord
    public let sessionToken: String
    public let locale: AppLocale
    public let csrfToken: String
    public let clientAddress: String?

    public init(context: AppRequestContext) throws {
        guard let record = context.operatorRecord, let token = context.operatorSessionToken else {
            throw OperatorService.Failure.unauthenticated
        }
        coreContext = context.coreContext
        operatorRecord = record
        sessionToken = token
        locale = context.locale
        csrfToken = context.csrfToken
        clientAddress = context.clientAddress
    }

    public var isSignedIn: Bool { true }
    public var principal: OperatorPrincipal { .signedIn(operatorRecord) }
}

/// A request signed by an approved marketplace partner (`/api/partner/v1/…`). Entering the group
/// without a checked signature throws `PartnerAuthFailure.missingCredentials` (401).
public struct PartnerRequestContext: ChildRequestContext, WebRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let partner: Partner
    public let locale: AppLocale
    public let clientAddress: String?

    public init(context: AppRequestContext) throws {
        guard let partner = context.partner else { throw PartnerAuthFailure.missingCredentials }
        coreContext = context.coreContext
        self.partner = partner
        locale = context.locale
        clientAddress = context.clientAddress
    }

    public var csrfToken: String { "" }
    public var isSignedIn: Bool { false }
}
