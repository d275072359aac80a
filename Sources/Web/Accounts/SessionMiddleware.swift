import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// Finds the signed-in applicant, if any: API groups read `Authorization: Bearer`, page groups
/// the HttpOnly session cookie. Routes that need one are declared on a
/// `SignedInRequestContext` group below this middleware.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let cookieName = "prakerja_session"

    enum Credential {
        case bearer
        case cookie
    }

    let accounts: AccountService
    let credential: Credential

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let token: String? =
            switch credential {
            case .bearer: request.bearerToken
            case .cookie: request.cookies[Self.cookieName]?.value
            }
        if let token, !token.isEmpty, token.count <= 128 {
            context.sessionToken = token
            context.account = try await accounts.account(forToken: token)
        }
        return try await next(request, context)
    }
}

extension Request {
    /// The token in `Authorization: Bearer …`.
    var bearerToken: String? {
        guard let header = headers[.authorization], header.lowercased().hasPrefix("bearer ") else { return nil }
        return String(header.dropFirst(7))
    }
}
