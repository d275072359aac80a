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
        #expect(AdmissionPolicy.refreshInterval(estimatedWait: 80) == 100)
        #expect(AdmissionPolicy.refreshInterval(estimatedWait: 3600) == 300)
        #expect(AdmissionPolicy.refreshInterval(estimatedWait: nil) == 30)
        #expect(AdmissionPolicy.refreshWhileStill(untilOpening: 3600) == 30)
        #expect(AdmissionPolicy.refreshWhileStill(untilOpening: 12) == 12)
        #expect(AdmissionPolicy.refreshWhileStill(untilOpening: 1) == 5)
        #expect(AdmissionPolicy.refreshWhileStill(untilOpening: nil) == 30)
    }

    @Test func theDoorAsksBackAsLongAsItsCrowdTakesToGoThrough() {
        // Four told to wait for each let through: twice as long next time, at most.
        #expect(AdmissionPolicy.doorRetry(previous: 2, toldToWait: 40, letThrough: 10) == 4)
        #expect(AdmissionPolicy.doorRetry(previous: 4, toldToWait: 15, letThrough: 10) == 6)
        // Nobody told to wait: halved, never below 2 s.
        #expect(AdmissionPolicy.doorRetry(previous: 8, toldToWait: 0, letThrough: 10) == 4)
        #expect(AdmissionPolicy.doorRetry(previous: 2, toldToWait: 0, letThrough: 0) == 2)
        // A closed door (nobody let through) doubles it, up to 30 s.
        #expect(AdmissionPolicy.doorRetry(previous: 20, toldToWait: 5, letThrough: 0) == 30)
    }

    @Test func theDoorsWaitIsSpreadByTicketAroundTheSameMean() {
        let waits = (0..<1100).map { AdmissionPolicy.spread(10, key: Int64($0)) }
        #expect(waits.min() == 5 && waits.max() == 15)
        #expect(Set(waits).count == 11)
        #expect(Double(waits.reduce(0, +)) / Double(waits.count) == 10)
        // The shortest wait asked stays at 1 s; a ticket keeps its place in the spread.
        #expect((0..<10).map { AdmissionPolicy.spread(2, key: Int64($0)) } == [1, 2, 3, 1, 2, 3, 1, 2, 3, 1])
        #expect(AdmissionPolicy.spread(1, key: 7) == 2 && AdmissionPolicy.spread(1, key: 8) == 1)
        #expect(AdmissionPolicy.spread(2, key: -1) >= 1)
    }

    @Test func theLineRateIsPeopleLetInOverTheLastPasses() {
        var rate = LineRate(size: 4, interval: 0.25)
        #expect(rate.perSecond == 0)
        rate.record(moved: 100)
        rate.record(moved: 0)
        #expect(rate.perSecond == 200)
        for _ in 0..<4 { rate.record(moved: 50) }
        // Only the last four passes count.
        #expect(rate.perSecond == 200)
        rate.record(moved: 250)
        #expect(rate.perSecond == 400)
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
