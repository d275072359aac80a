import Hummingbird
import Synchronization

/// Work in flight in this process: part of what admission control and the proof-of-work
/// difficulty read as load. Only work counts: requests let past the waiting room (or on routes
/// that have none). A request the waiting room is still deciding on, or turning away, is not
/// load: counted, a surge of people being told to wait (each waiting for a core to answer
/// them) would make the server look full by itself and stop the line from moving.
final class LoadGauge: Sendable {
    private let inFlight = Atomic<Int>(0)

    var current: Int { inFlight.load(ordering: .relaxed) }

    /// Runs `body`, counted as work in flight while it runs.
    func counting<T>(_ body: () async throws -> T) async rethrows -> T {
        inFlight.add(1, ordering: .relaxed)
        defer { inFlight.subtract(1, ordering: .relaxed) }
        return try await body()
    }
}

/// Counts each request of a group without a waiting room as work while it runs; on the
/// waiting room's groups `AdmissionMiddleware` counts what it lets through.
struct LoadGaugeMiddleware<Context: RequestContext>: RouterMiddleware {
    let gauge: LoadGauge

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        try await gauge.counting { try await next(request, context) }
    }
}
