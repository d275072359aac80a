import Application
import Crypto
import Foundation
import Hummingbird

/// Who may read `/metrics`: with `PRAKERJA_METRICS_TOKEN` set, a scraper that sends it as
/// `Authorization: Bearer`; without it, clients on this machine only (the connection's own
/// peer, never an address a header claims). Others get 404, as if there were nothing there.
struct MetricsAccessMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let token: String?

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let allowed: Bool =
            if let token {
                ConstantTime.equal(Array((request.bearerToken ?? "").utf8), Array(token.utf8))
            } else {
                ["127.0.0.1", "::1", "::ffff:127.0.0.1"].contains(context.peerAddress ?? "")
            }
        guard allowed else { return Response(status: .notFound) }
        return try await next(request, context)
    }
}
