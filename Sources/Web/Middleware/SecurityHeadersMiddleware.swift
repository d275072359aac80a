import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// Headers every response carries: a strict Content-Security-Policy (no inline script or
/// style), no framing, no MIME sniffing, a referrer kept on our own origin, and HSTS when the
/// public address is https. Error answers carry them too: an error the API throws is turned into
/// its response here, so a 401 is as protected as a page.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let https: Bool

    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; connect-src 'self'"

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        Self.add(to: &response.headers, https: https)
        return response
    }

    /// Sets the headers on `headers`: also for answers written below the router (`AdmissionDoorHandler`).
    static func add(to headers: inout HTTPFields, https: Bool) {
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.init("X-Frame-Options")!] = "DENY"
        headers[.init("Referrer-Policy")!] = "same-origin"
        if https {
            headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains"
        }
    }
}
