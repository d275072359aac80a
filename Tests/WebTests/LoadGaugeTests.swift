import Testing

@testable import Web

/// What the waiting room reads as work in flight.
@Suite struct LoadGaugeTests {
    @Test func workCountsWhileItRuns() async throws {
        let gauge = LoadGauge()
        let during = await gauge.counting { () async -> Int in
            await gauge.counting { gauge.current }
        }
        #expect(during == 2)
        #expect(gauge.current == 0)
        struct Failed: Error {}
        await #expect(throws: Failed.self) { try await gauge.counting { throw Failed() } }
        #expect(gauge.current == 0, "a request that fails stops counting too")
    }
}
