import Application
import Crypto
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// Cross-site request forgery protection for the pages. Each browser gets a random cookie;
/// forms carry an HMAC under the server's key of the session (signed in) or of that cookie
/// (before sign-in), so a forged form can neither read nor make a valid token. Every form POST
/// on the page groups it is attached to is checked here, before any handler.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let cookieName = "prakerja_csrf"
    static let fieldName = "_csrf"
    let key: [UInt8]
    let secureCookies: Bool
    let strings: StringTable

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        var request = request
        let existing = request.cookies[Self.cookieName]?.value
        let browserSecret = existing.flatMap { $0.count == 43 ? $0 : nil } ?? RandomTokens.token()
        // Signed in, the token is bound to the session (an applicant's or, in the console, an
        // operator's): another browser's cookie and token are worthless beside the victim's
        // session cookie. Before sign-in, to this browser's cookie.
        let session: (kind: String, token: String)? =
            if context.account != nil, let token = context.sessionToken {
                ("session", token)
            } else if context.operatorRecord != nil, let token = context.operatorSessionToken {
                ("console", token)
            } else {
                nil
            }
        context.csrfToken =
            session.map { token(binding: $0.kind, $0.token) } ?? token(binding: "browser", browserSecret)

        if request.method == .post {
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            let submitted = Self.formField(Self.fieldName, in: String(buffer: body))
            let valid =
                (session != nil || existing == browserSecret)
                && ConstantTime.equal(Array((submitted ?? "").utf8), Array(context.csrfToken.utf8))
            guard valid else {
                return try PageRenderer.shared.errorPage(
                    status: .forbidden, messageKey: "error.csrf", context: context, strings: strings
                )
                .withCSRFCookie(browserSecret, set: existing != browserSecret, secure: secureCookies)
            }
        }
        let response = try await next(request, context)
        return response.withCSRFCookie(browserSecret, set: existing != browserSecret, secure: secureCookies)
    }

    func token(binding kind: String, _ secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("\(kind)\u{1F}\(secret)".utf8), using: SymmetricKey(data: key))
        return RandomTokens.base64URL(mac)
    }

    static func formField(_ name: String, in body: String) -> String? {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0] == name else { continue }
            return String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        }
        return nil
    }
}

extension Response {
    /// Sets the browser's CSRF cookie on pages, the only responses that carry forms.
    fileprivate func withCSRFCookie(_ secret: String, set: Bool, secure: Bool) -> Response {
        guard set, headers[.contentType]?.hasPrefix("text/html") == true else { return self }
        var response = self
        response.setCookie(
            Cookie(
                name: CSRFMiddleware.cookieName, value: secret, path: "/", secure: secure, httpOnly: true,
                sameSite: .lax))
        return response
    }
}
