import Application
import ArgumentParser
import Domain
import Foundation
import Hummingbird
import Logging
import Web

/// `prakerja registry-sim`: serves the civil registry's HTTP contract over a synthetic population.
struct RegistrySim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry-sim",
        abstract: "Serve the civil registry's HTTP contract over a synthetic population (development and load tests).")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on; 0 picks a free one.") var port = 8090
    @Option(help: "People in the population.") var size = 10_000
    @Option(help: "Seed of the population; the same seed gives the same people.") var seed: UInt64 = 2020
    @Option(help: "Delay before every answer, in milliseconds.") var latencyMs = 0
    @Option(help: "Share of requests answered 503, from 0 to 1.") var errorRate = 0.0

    func validate() throws {
        guard (0...1).contains(errorRate) else { throw ValidationError("--error-rate must be between 0 and 1") }
        guard size > 0, latencyMs >= 0 else {
            throw ValidationError("--size must be positive and --latency-ms not negative")
        }
    }

    func run() async throws {
        let logger = Logs.bootstrap(level: "info")
        let population = SyntheticPopulation(
            size: size, seed: seed, districtCodes: Array(RegionTable.bundled.districts.keys))
        var settings = RegistrySimulator.Settings()
        settings.host = host
        settings.port = port
        settings.latency = .milliseconds(latencyMs)
        settings.errorRate = errorRate
        let app = RegistrySimulator.buildApplication(population: population, settings: settings, logger: logger) {
            port in
            logger.info("listening", metadata: ["port": "\(port)", "people": "\(population.people.count)"])
        }
        try await app.runService()
    }
}
