import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// Per-request state the middleware fills in: language, the signed-in account, the CSRF token.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var locale: AppLocale = .default
    /// The session token from the bearer header (API) or the session cookie (pages).
    public var sessionToken: String?
    public var account: AccountRecord?
    /// The signed-in operator, on `/api/v1/operator/…` only.
    public var operatorRecord: OperatorRecord?
    /// The token forms must echo back; valid for this browser's CSRF cookie.
    public var csrfToken: String = ""

    /// The client's IP address, for per-address limits: the peer's, or the one a trusted
    /// proxy forwarded (`ClientAddressMiddleware`).
    public var clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Request bodies are small forms and JSON objects.
    public var maxUploadSize: Int { 64 * 1024 }
}
