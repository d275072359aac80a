import Testing

@testable import Web

/// What the waiting room reads as requests in flight.
@Suite struct LoadGaugeTests {
    @Test func requestsBeingTurnedAwayAreNotLoad() async {
        let gauge = LoadGauge()
        for _ in 0..<3 { gauge.enter() }
        let during = await gauge.turningAway { () async -> Int in
            await gauge.turningAway { gauge.current }
        }
        #expect(during == 1)
        #expect(gauge.current == 3)
        gauge.leave()
        #expect(gauge.current == 2)
    }
}
