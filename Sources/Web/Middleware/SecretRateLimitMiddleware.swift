import Application
import Domain
import Foundation
import Hummingbird
import Synchronization

/// Limits, per client address, the requests that check a password or a one-time code (login,
/// login code, email verification), so they cannot be used to guess secrets. Registration is
/// not limited per address here: whole mobile networks share one address behind carrier NAT.
/// This limit is per process; codes also have per-code attempt limits kept in the database.
struct SecretRateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    static let guardedPaths: Set<String> = [
        "/api/v1/sessions", "/api/v1/sessions/verify", "/api/v1/accounts/verify",
        "/masuk", "/masuk/kode", "/verifikasi",
    ]

    let buckets: Buckets
    let strings: StringTable

    init(perMinute: Int, strings: StringTable) {
        buckets = Buckets(capacity: perMinute, refillPerSecond: Double(perMinute) / 60)
        self.strings = strings
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method == .post, Self.guardedPaths.contains(request.uri.path) else {
            return try await next(request, context)
        }
        let key = context.clientAddress ?? "unknown"
        if case .limited(let retryAfter) = buckets.take(key: key, now: Date()) {
            let seconds = max(1, Int(retryAfter.rounded(.up)))
            if request.uri.path.hasPrefix("/api/") {
                throw APIError(
                    status: .tooManyRequests, code: "rate_limited",
                    message: strings.text("error.rate_limited", context.locale), retryAfterSeconds: seconds)
            }
            var response = try PageRenderer.shared.errorPage(
                status: .tooManyRequests, messageKey: "error.rate_limited", context: context, strings: strings)
            response.headers[.retryAfter] = String(seconds)
            return response
        }
        return try await next(request, context)
    }

    /// Buckets by client address, forgetting those that have refilled.
    final class Buckets: Sendable {
        let capacity: Int
        let refillPerSecond: Double
        private let state = Mutex<(buckets: [String: TokenBucket], lastSweep: Date)>(([:], Date()))

        init(capacity: Int, refillPerSecond: Double) {
            self.capacity = capacity
            self.refillPerSecond = refillPerSecond
        }

        func take(key: String, now: Date) -> TokenBucket.Decision {
            state.withLock { state in
                if now.timeIntervalSince(state.lastSweep) > 60 {
                    state.buckets = state.buckets.filter { !$0.value.isFull(now: now) }
                    state.lastSweep = now
                }
                var bucket =
                    state.buckets[key] ?? TokenBucket(capacity: capacity, refillPerSecond: refillPerSecond, now: now)
                let decision = bucket.take(now: now)
                state.buckets[key] = bucket
                return decision
            }
        }
    }
}
