import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// Picks the reader's language: `?lang=` (remembered in a cookie), then the cookie, then
/// `Accept-Language`, then Bahasa Indonesia.
struct LocaleMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let cookieName = "prakerja_lang"
    let secureCookies: Bool

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let chosen = request.uri.queryParameters["lang"].flatMap { AppLocale(rawValue: String($0)) }
        if let chosen {
            context.locale = chosen
        } else if let remembered = request.cookies[Self.cookieName].flatMap({ AppLocale(rawValue: $0.value) }) {
            context.locale = remembered
        } else {
            context.locale = AppLocale.negotiate(acceptLanguage: request.headers[.acceptLanguage])
        }
        var response = try await next(request, context)
        if let chosen {
            response.setCookie(
                Cookie(
                    name: Self.cookieName, value: chosen.rawValue, maxAge: 365 * 24 * 3600, path: "/",
                    secure: secureCookies, httpOnly: true, sameSite: .lax))
        }
        return response
    }
}
