import Application
import Foundation
import Hummingbird
import Logging
import Metrics
import Storage

/// Turns an error that escaped a handler into the answer its caller reads: the API's error
/// shape or an error page, in the person's language. Use-case errors keep their stable codes;
/// a database that cannot be reached is an outage (503 with `Retry-After`); anything else is a
/// bug: 500 `internal_error` with the request id, logged as an error with its type and counted
/// in `/metrics` as `prakerja_internal_errors_total`.
struct ErrorResponder: Sendable {
    let strings: StringTable
    let audit: AuditTrail
    let clock: any AppClock

    static let internalErrors = "prakerja_internal_errors_total"

    enum Kind {
        case outage
        case bug
    }

    /// The API's answer for an error.
    func apiError(_ error: any Error, context: some WebRequestContext) async -> APIError {
        await recordLockout(error, context: context)
        let locale = context.locale
        if let known = APIError.from(error, locale: locale, strings: strings, now: clock.now()) { return known }
        if let error = error as? any HTTPResponseError {
            let code =
                switch error.status.code {
                case 404: "not_found"
                case 405: "method_not_allowed"
                case 413: "payload_too_large"
                default: "bad_request"
                }
            return APIError(status: error.status, code: code, message: strings.text(messageKey(error.status), locale))
        }
        switch classify(error, context: context) {
        case .outage:
            return APIError(
                status: .serviceUnavailable, code: "temporarily_unavailable",
                message: strings.text("error.unavailable", locale), retryAfterSeconds: 5)
        case .bug:
            return APIError(
                status: .internalServerError, code: "internal_error",
                message: strings.text("error.internal", locale, ["request": context.id]), requestID: context.id)
        }
    }

    /// The error page for an error a page handler did not answer itself.
    func page(_ error: any Error, context: some WebRequestContext) async throws -> Response {
        await recordLockout(error, context: context)
        let renderer = PageRenderer.shared
        switch error {
        case AccountError.unauthenticated:
            return PageForms.redirect(to: "/masuk")
        case OperatorService.Failure.unauthenticated:
            return PageForms.redirect(to: "/konsol/masuk")
        case OperatorService.Failure.forbidden:
            return try renderer.errorPage(
                status: .forbidden, messageKey: "error.forbidden", context: context, strings: strings)
        case let limited as RateLimited:
            var response = try renderer.errorPage(
                status: .tooManyRequests, messageKey: "error.rate_limited", context: context, strings: strings)
            response.headers[.retryAfter] = String(limited.retryAfterSeconds(now: clock.now()))
            return response
        case let error as any HTTPResponseError:
            return try renderer.errorPage(
                status: error.status, messageKey: messageKey(error.status), context: context, strings: strings)
        default:
            switch classify(error, context: context) {
            case .outage:
                var response = try renderer.errorPage(
                    status: .serviceUnavailable, messageKey: "error.unavailable", context: context, strings: strings)
                response.headers[.retryAfter] = "5"
                return response
            case .bug:
                return renderer.internalErrorPage(context: context, strings: strings)
            }
        }
    }

    private func classify(_ error: any Error, context: some WebRequestContext) -> Kind {
        if DatabaseAvailability.isUnavailable(error) {
            context.logger.warning("database unavailable", metadata: ["error": "\(String(reflecting: error))"])
            return .outage
        }
        let type = String(reflecting: Swift.type(of: error))
        context.logger.error(
            "request failed", metadata: ["error_type": "\(type)", "error": "\(String(reflecting: error))"])
        Counter(label: Self.internalErrors, dimensions: [("type", type)]).increment()
        return .bug
    }

    private func messageKey(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "error.not_found"
        case 413: "error.payload_too_large"
        case 500...: "error.unavailable"
        default: "error.bad_request"
        }
    }

    /// A lockout is a security event; the refusal itself is answered by the caller.
    private func recordLockout(_ error: any Error, context: some WebRequestContext) async {
        guard let limited = error as? RateLimited else { return }
        try? await audit.recordLockout(
            rule: limited.rule, until: limited.until, actor: audit.client(context.clientAddress))
    }
}

/// Turns what escapes the routes below it into an answer: the API's error shape, error pages,
/// or (added to the router after every route, so that it wraps only the router's not-found
/// answer) whichever of the two the unmatched URL's path calls for.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    enum Answer {
        case api
        case pages
        /// The API's shape under this path, pages elsewhere.
        case byPath(apiPrefix: String)
    }

    let answer: Answer
    let errors: ErrorResponder

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            switch answer {
            case .api:
                throw await errors.apiError(error, context: context)
            case .byPath(let prefix) where request.uri.path.hasPrefix(prefix):
                throw await errors.apiError(error, context: context)
            case .pages, .byPath:
                return try await errors.page(error, context: context)
            }
        }
    }
}
