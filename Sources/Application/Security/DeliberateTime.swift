import Synchronization

/// Time a request spends slow on purpose: bcrypt is made to take tens of milliseconds, and more
/// while other hashes wait for its threads. The waiting room reads how long requests take as a
/// sign of load, so it measures this part apart and leaves it out; otherwise a few people
/// signing in or verifying their email would look like a full server and queue everyone.
public final class DeliberateTime: Sendable {
    /// The meter of the request this task serves, when something measures it.
    @TaskLocal public static var current: DeliberateTime?

    private let nanoseconds = Atomic<Int64>(0)

    public init() {}

    public var seconds: Double { Double(nanoseconds.load(ordering: .relaxed)) / 1e9 }

    /// Runs `body` and adds how long it took to the current request's meter, if any.
    static func measure<T>(_ body: () async throws -> T) async rethrows -> T {
        guard let meter = current else { return try await body() }
        let start = ContinuousClock.now
        defer {
            let elapsed = (ContinuousClock.now - start).components
            meter.nanoseconds.add(
                elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000, ordering: .relaxed)
        }
        return try await body()
    }
}
