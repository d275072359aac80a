import Hummingbird
import Synchronization

/// Requests in flight in this process against its configured capacity: what admission control
/// and the proof-of-work difficulty read as "load".
final class LoadGauge: Sendable {
    let capacity: Int
    private let inFlight = Atomic<Int>(0)

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    var current: Int { inFlight.load(ordering: .relaxed) }

    /// Share of capacity in use; above 1 when over it.
    var load: Double { Double(current) / Double(capacity) }

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
