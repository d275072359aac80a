import Adapters
import Application
import Domain
import Foundation
import TestSupport
import Testing

/// The HTTP civil-registry adapter against `prakerja registry-sim` over real HTTP.
@Suite struct CivilRegistryHTTPTests {
    static let population = SyntheticPopulation(
        size: 300, seed: 7, districtCodes: Array(RegionTable.bundled.districts.keys))

    func simulator(errorRate: Double = 0, latencyMilliseconds: Int = 0) async throws -> ServerProcess {
        try await ServerProcess.start(arguments: [
            "registry-sim", "--port", "0", "--size", "300", "--seed", "7", "--error-rate", String(errorRate),
            "--latency-ms", String(latencyMilliseconds),
        ])
    }

    /// The breaker reads the injected clock, and a trial call whose caller gives up does not
    /// keep the circuit shut: the next call goes to the registry.
    @Test func aCancelledTrialGivesItsPlaceBackAndTheClockIsTheInjectedOne() async throws {
        let sim = try await simulator(latencyMilliseconds: 5_000)
        let clock = TestClock()
        var breaker = CircuitBreaker(failureThreshold: 1, openDuration: 30)
        breaker.recordFailure(now: clock.now())
        let registry = HTTPCivilRegistry(
            baseURL: sim.baseURL, timeout: .seconds(60), maxAttempts: 1, breaker: breaker, clock: clock)
        let nik = Self.population.people[0].nik
        await #expect(throws: CivilRegistryError.circuitOpen) { try await registry.lookup(nik: nik) }
        clock.advance(by: 30)

        /// What a lookup did within a second: nil while it is still waiting for the registry.
        func outcomeWithinASecond() async -> String? {
            await withTaskGroup(of: String?.self) { group in
                group.addTask {
                    do {
                        _ = try await registry.lookup(nik: nik)
                        return "answered"
                    } catch CivilRegistryError.circuitOpen {
                        return "circuit_open"
                    } catch {
                        return "cancelled"
                    }
                }
                group.addTask {
                    try? await Task.sleep(for: .seconds(1))
                    return nil
                }
                let first = await group.next() ?? nil
                group.cancelAll()
                return first
            }
        }
        // The trial is let through, then its caller gives up (cancelled mid-call).
        #expect(await outcomeWithinASecond() == nil)
        // Without the fix the abandoned trial held the circuit half open (or reopened it).
        #expect(await outcomeWithinASecond() == nil)
        await sim.stop()
    }

    @Test func findsKnownPeopleAndNotOthers() async throws {
        let sim = try await simulator()
        defer { Task { await sim.stop() } }
        let registry = HTTPCivilRegistry(baseURL: sim.baseURL)
        for person in Self.population.people.prefix(20) {
            #expect(try await registry.lookup(nik: person.nik) == person)
        }
        #expect(
            try await registry.lookup(nik: "3201010112900001") == nil
                || Self.population.record(nik: "3201010112900001") != nil)
        #expect(try await registry.lookup(nik: "not-a-nik") == nil)
        await sim.stop()
    }

    @Test func anOutageIsRetriedThenTheCircuitOpens() async throws {
        let sim = try await simulator(errorRate: 1)
        let registry = HTTPCivilRegistry(
            baseURL: sim.baseURL, maxAttempts: 2, retryDelay: .milliseconds(5),
            breaker: CircuitBreaker(failureThreshold: 4, openDuration: 60))
        let nik = Self.population.people[0].nik
        for _ in 0..<2 {
            await #expect(throws: CivilRegistryError.self) { try await registry.lookup(nik: nik) }
        }
        // Four failures in a row: now it fails at once without calling.
        await #expect(throws: CivilRegistryError.circuitOpen) { try await registry.lookup(nik: nik) }
        await sim.stop()
    }

    @Test func anUnreachableRegistryIsUnavailable() async throws {
        let registry = HTTPCivilRegistry(
            baseURL: "http://127.0.0.1:1", timeout: .milliseconds(300), maxAttempts: 2, retryDelay: .milliseconds(5))
        await #expect(throws: CivilRegistryError.self) { try await registry.lookup(nik: Self.population.people[0].nik) }
    }
}
