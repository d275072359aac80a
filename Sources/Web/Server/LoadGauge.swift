import Hummingbird
import Synchronization

/// Requests in flight in this process: part of what admission control and the proof-of-work
/// difficulty read as load. Requests the waiting room is turning away (a newcomer joining the
/// line) are not load: counted, a surge of people being told to wait would make the server
/// look full by itself and stop the line from moving.
final class LoadGauge: Sendable {
    private let inFlight = Atomic<Int>(0)
    private let turnedAway = Atomic<Int>(0)

    var current: Int { max(0, inFlight.load(ordering: .relaxed) - turnedAway.load(ordering: .relaxed)) }

    func enter() { inFlight.add(1, ordering: .relaxed) }
    func leave() { inFlight.subtract(1, ordering: .relaxed) }

    /// Runs `body`, the waiting room's answer to a request in flight, without that request
    /// counting as load.
    func turningAway<T>(_ body: () async throws -> T) async rethrows -> T {
        turnedAway.add(1, ordering: .relaxed)
        defer { turnedAway.subtract(1, ordering: .relaxed) }
        return try await body()
    }
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
