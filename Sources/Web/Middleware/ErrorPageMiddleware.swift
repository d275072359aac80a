import Application
import Foundation
import Hummingbird
import Logging

/// Turns errors that escape a handler into an answer in the person's language: an error page
/// for pages, the API's error shape under `/api/` (use-case errors such as `AccountError` map to
/// their stable codes here, so API handlers just throw). Unexpected errors are logged and become
/// 503 with `Retry-After`, never a stack trace.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let strings: StringTable
    let audit: AuditTrail

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let limited as RateLimited {
            // A lockout is a security event; the refusal itself is answered below.
            try? await audit.recordLockout(
                rule: limited.rule, until: limited.until, actor: audit.client(context.clientAddress))
            return try await answer(limited, request: request, context: context)
        } catch {
            return try await answer(error, request: request, context: context)
        }
    }

    private func answer(_ error: any Error, request: Request, context: Context) async throws -> Response {
        do {
            throw error
        } catch let error as APIError {
            throw error
        } catch let error as any HTTPResponseError {
            let status = error.status
            let key =
                switch status.code {
                case 404: "error.not_found"
                case 413: "error.payload_too_large"
                case 500...: "error.internal"
                default: "error.bad_request"
                }
            if request.uri.path.hasPrefix("/api/") {
                let code =
                    switch status.code {
                    case 404: "not_found"
                    case 413: "payload_too_large"
                    default: "bad_request"
                    }
                throw APIError(status: status, code: code, message: strings.text(key, context.locale))
            }
            return try PageRenderer.shared.errorPage(
                status: status, messageKey: key, context: context, strings: strings)
        } catch let limited as RateLimited where !request.uri.path.hasPrefix("/api/") {
            var response = try PageRenderer.shared.errorPage(
                status: .tooManyRequests, messageKey: "error.rate_limited", context: context, strings: strings)
            response.headers[.retryAfter] = String(limited.retryAfterSeconds)
            return response
        } catch {
            if request.uri.path.hasPrefix("/api/") {
                // Use-case errors become their stable codes; anything else is logged there.
                throw APIError.from(error, locale: context.locale, strings: strings, logger: context.logger)
            }
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            var response = try PageRenderer.shared.errorPage(
                status: .serviceUnavailable, messageKey: "error.internal", context: context, strings: strings)
            response.headers[.retryAfter] = "5"
            return response
        }
    }
}
