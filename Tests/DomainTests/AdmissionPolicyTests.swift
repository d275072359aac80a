import Domain
import Testing

@Suite struct AdmissionPolicyTests {
    let policy = AdmissionPolicy(capacity: 100, targetLatency: 0.25, admissionsPerSecond: 400)

    @Test func loadIsTheLargerOfInFlightAndLatency() {
        #expect(policy.load(inFlight: 50, latency: 0.05) == 0.5)
        #expect(policy.load(inFlight: 10, latency: 0.5) == 2)
    }

    @Test func aNewVisitorNeverOvertakesTheLine() {
        #expect(policy.decide(load: 0.5, peopleWaiting: 0, openingInFuture: false) == .admit)
        #expect(policy.decide(load: 0.5, peopleWaiting: 1, openingInFuture: false) == .queue)
        #expect(policy.decide(load: 1.0, peopleWaiting: 0, openingInFuture: false) == .queue)
        #expect(policy.decide(load: 0, peopleWaiting: 0, openingInFuture: true) == .queue)
    }

    @Test func theLineMovesAtTheRateTheServerHasRoomFor() {
        #expect(policy.admissions(load: 0.3, over: 0.25) == 100)
        #expect(policy.admissions(load: 0.85, over: 0.25) == 50)
        #expect(policy.admissions(load: 1.2, over: 0.25) == 0)
    }

    @Test func estimatesAndRefreshes() {
        #expect(AdmissionPolicy.estimatedWait(place: 1000, rate: 200) == 5)
        #expect(AdmissionPolicy.estimatedWait(place: 10, rate: 0) == nil)
        #expect(AdmissionPolicy.refreshInterval(estimatedWait: 4) == 5)
        #expect(AdmissionPolicy.refreshInterval(estimatedWait: 80) == 72)
        #expect(AdmissionPolicy.refreshInterval(estimatedWait: 3600) == 300)
        #expect(AdmissionPolicy.refreshInterval(estimatedWait: nil) == 30)
        #expect(AdmissionPolicy.refreshWhileStill(untilOpening: 3600) == 30)
        #expect(AdmissionPolicy.refreshWhileStill(untilOpening: 12) == 12)
        #expect(AdmissionPolicy.refreshWhileStill(untilOpening: 1) == 5)
        #expect(AdmissionPolicy.refreshWhileStill(untilOpening: nil) == 30)
    }

    @Test func aRandomisedOpeningDrawsTheEarlyThenServesInArrivalOrder() {
        let arrivals = [
            LineOrder.Arrival(id: 1, arrivedAt: 90, randomKey: 30),
            LineOrder.Arrival(id: 2, arrivedAt: 95, randomKey: 10),
            LineOrder.Arrival(id: 3, arrivedAt: 99, randomKey: 20),
            LineOrder.Arrival(id: 4, arrivedAt: 100, randomKey: 5),
            LineOrder.Arrival(id: 5, arrivedAt: 101, randomKey: 1),
        ]
        #expect(LineOrder.order(arrivals, randomisedBefore: 100).map(\.id) == [2, 3, 1, 4, 5])
        #expect(LineOrder.order(arrivals.reversed(), randomisedBefore: nil).map(\.id) == [1, 2, 3, 4, 5])
    }
}
