import Application
import Domain
import Foundation
import Hummingbird
import Storage

/// Finds the operator signed in to the console from its own cookie: HttpOnly, `SameSite=Strict`
/// and scoped to `/konsol`, so it never travels with applicant pages or cross-site requests.
struct ConsoleSessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let cookieName = "prakerja_console"
    /// Marks a browser an operator has signed in from, so that it still may while their
    /// account is under attack from elsewhere.
    static let deviceCookieName = "prakerja_console_device"
    static let path = "/konsol"

    let operators: OperatorService

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let token = request.cookies[Self.cookieName]?.value, !token.isEmpty, token.count <= 128,
            let record = try await operators.authenticate(token: token)
        {
            context.operatorRecord = record
            context.operatorSessionToken = token
        }
        return try await next(request, context)
    }

    static func sessionCookie(_ signedIn: OperatorService.SignedIn, secure: Bool) -> Cookie {
        Cookie(
            name: cookieName, value: signedIn.token, expires: signedIn.expiresAt, path: path, secure: secure,
            httpOnly: true, sameSite: .strict)
    }

    static func deviceCookie(_ token: String, secure: Bool) -> Cookie {
        Cookie(
            name: deviceCookieName, value: token, maxAge: 365 * 86_400, path: path, secure: secure, httpOnly: true,
            sameSite: .strict)
    }

    static func clearedSessionCookie(secure: Bool) -> Cookie {
        Cookie(name: cookieName, value: "", maxAge: 0, path: path, secure: secure, httpOnly: true, sameSite: .strict)
    }
}
