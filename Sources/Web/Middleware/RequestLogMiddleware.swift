import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// Gives every response an `X-Request-Id` and logs one line per request: method, route
/// pattern, status and duration. Never the query string or body, which may carry personal data
/// or codes.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let requestID = context.id
        do {
            var response = try await next(request, context)
            response.headers[.init("X-Request-Id")!] = requestID
            log(request, context: context, status: response.status.code, start: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            log(request, context: context, status: status, start: start)
            throw error
        }
    }

    private func log(_ request: Request, context: Context, status: Int, start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let millis = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method)",
                "route": "\(context.endpointPath ?? "unmatched")",
                "status": "\(status)",
                "duration_ms": "\(String(format: "%.2f", millis))",
            ])
    }
}
