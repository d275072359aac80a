import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// Reading page forms: every field optional, so a missing one becomes a message beside the
/// field rather than a failed request.
enum PageForms {
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some WebRequestContext)
        async throws
        -> T
    {
        try decode(T.self, from: try await body(of: request, context: context))
    }

    /// The body as text, for forms decoded into more than one type.
    static func body(of request: Request, context: some WebRequestContext) async throws -> String {
        var request = request
        return String(buffer: try await request.collectBody(upTo: context.maxUploadSize))
    }

    static func decode<T: Decodable>(_ type: T.Type, from body: String) throws -> T {
        do {
            return try URLEncodedFormDecoder().decode(T.self, from: body)
        } catch {
            throw HTTPError(.badRequest)
        }
    }

    /// A message per field for an account error, in the reader's language.
    static func errors(for error: AccountError, context: some WebRequestContext, strings: StringTable) -> [String:
        String]
    {
        let message = strings.text(error.messageKey, context.locale, ["time": APIError.timeText(error)])
        return [error.field ?? "form": message]
    }

    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    static func sessionCookie(_ session: IssuedSession, secure: Bool) -> Cookie {
        Cookie(
            name: SessionMiddleware.cookieName, value: session.token, expires: session.expiresAt, path: "/",
            secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// The known-device cookie: outlives the session, so the next sign-in from this browser is
    /// answered as usual even while the account is under attack from elsewhere.
    static let deviceCookieName = "prakerja_device"

    static func deviceCookie(_ token: String, secure: Bool) -> Cookie {
        Cookie(
            name: deviceCookieName, value: token, maxAge: 365 * 86_400, path: "/", secure: secure, httpOnly: true,
            sameSite: .lax)
    }

    /// A successful sign-in's redirect: the session cookie and the known-device cookie.
    static func signedIn(_ session: IssuedSession, secure: Bool, to path: String = "/dasbor") -> Response {
        var response = redirect(to: path)
        response.setCookie(sessionCookie(session, secure: secure))
        if !session.deviceToken.isEmpty { response.setCookie(deviceCookie(session.deviceToken, secure: secure)) }
        return response
    }
}
