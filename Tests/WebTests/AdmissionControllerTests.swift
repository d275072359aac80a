import Application
import Domain
import Foundation
import Logging
import Storage
import TestSupport
import Testing

@testable import Web

/// How the controller moves the line.
@Suite struct AdmissionControllerTests {
    /// Someone whose turn had come was told at the door to wait: the next tick gives one turn
    /// fewer, so the line cannot run ahead of the room; the tick after moves it as before, and
    /// so does one after the same person is told again.
    @Test func aTurnTurnedBackAtTheDoorHoldsTheLineForATick() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let gauge = LoadGauge()
            let room = WaitingRoom(database: database)
            let clock = TestClock()
            let controller = AdmissionController(
                policy: AdmissionPolicy(capacity: 1, admissionsPerSecond: 8), gauge: gauge, waitingRoom: room,
                clock: clock, logger: Logger(label: "test"))
            for _ in 0..<10 { _ = try await room.join(now: clock.now()) }
            await controller.step(now: clock.now())
            #expect(controller.snapshot.state.admittedThrough == 2, "8 a second: 2 a quarter second")

            let refused = await gauge.counting { controller.opensTheDoor() }
            #expect(refused == false, "one request in flight fills a capacity of one")
            await controller.step(now: clock.now())
            #expect(controller.snapshot.state.admittedThrough == 3)
            await controller.step(now: clock.now())
            #expect(controller.snapshot.state.admittedThrough == 5)

            // Told again, someone already told at the door does not hold the line again; a
            // second with two refusals and nobody let through doubles the door's wait.
            let again = await gauge.counting { controller.opensTheDoor(firstTime: false) }
            #expect(again == false)
            #expect(controller.doorRetrySeconds == 2)
            await controller.step(now: clock.now())
            #expect(controller.snapshot.state.admittedThrough == 7)
            #expect(controller.doorRetrySeconds == 4)
            let readings = controller.readings
            #expect((readings.turnsGiven, readings.letThrough, readings.toldToWait) == (7, 0, 2))
        }
    }
}
