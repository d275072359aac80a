import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// Finds the signed-in account: the API authenticates with `Authorization: Bearer`, pages
/// with the HttpOnly session cookie.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let cookieName = "prakerja_session"
    let accounts: AccountService

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        // Operator tokens are looked up by OperatorMiddleware, never as an applicant's.
        guard !request.uri.path.hasPrefix(OperatorMiddleware.pathPrefix) else {
            return try await next(request, context)
        }
        var context = context
        let isAPI = request.uri.path.hasPrefix("/api/")
        let token: String? =
            if isAPI {
                request.headers[.authorization].flatMap { header in
                    header.lowercased().hasPrefix("bearer ") ? String(header.dropFirst(7)) : nil
                }
            } else {
                request.cookies[Self.cookieName]?.value
            }
        if let token, !token.isEmpty, token.count <= 128 {
            context.sessionToken = token
            context.account = try await accounts.account(forToken: token)
        }
        return try await next(request, context)
    }
}
