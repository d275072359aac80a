import Hummingbird
import Synchronization

/// Requests in flight in this process: part of what admission control and the proof-of-work
/// difficulty read as load.
final class LoadGauge: Sendable {
    private let inFlight = Atomic<Int>(0)

    var current: Int { inFlight.load(ordering: .relaxed) }

    func enter() { inFlight.add(1, ordering: .relaxed) }
    func leave() { inFlight.subtract(1, ordering: .relaxed) }
}

/// Counts every request in the gauge while it runs.
struct LoadGaugeMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let gauge: LoadGauge

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        gauge.enter()
        defer { gauge.leave() }
        return try await next(request, context)
    }
}
