import Application
import Foundation
import NIOHTTP1

/// The proof-of-work seed as a browser keeps it: fetched once (`GET /api/v1/challenges/seed`,
/// cacheable), shared by every person of the run, fetched again when it is half a minute old
/// or a registration was refused for it.
actor SurgeSeed {
    struct Current: Sendable {
        let seed: String
        let bits: Int
        let fetchedAt: ContinuousClock.Instant
    }

    private let client: SurgeClient
    private let step: StepStatistics
    private let maxWait: Double
    private var current: Current?
    private var fetching: Task<Current?, Never>?

    init(client: SurgeClient, step: StepStatistics, maxWait: Double) {
        self.client = client
        self.step = step
        self.maxWait = maxWait
    }

    func get() async -> Current? {
        if let current, ContinuousClock.now - current.fetchedAt < .seconds(30) { return current }
        if let fetching { return await fetching.value }
        let (client, step, maxWait) = (client, step, maxWait)
        let task = Task {
            guard
                let reply = await client.call(
                    .GET, "/api/v1/challenges/seed", json: nil, session: .init(), step: step, maxWait: maxWait),
                reply.status == 200, let seed = reply.json["seed"] as? String
            else { return nil as Current? }
            return Current(seed: seed, bits: reply.json["bits"] as? Int ?? 0, fetchedAt: .now)
        }
        fetching = task
        let fetched = await task.value
        fetching = nil
        current = fetched
        return fetched
    }

    /// The seed was refused (it rotated): the next person fetches it again.
    func forget(_ seed: String) {
        if current?.seed == seed { current = nil }
    }
}
