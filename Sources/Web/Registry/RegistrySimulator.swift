import Application
import Domain
import Foundation
import Hummingbird
import Logging

/// A stand-in for the civil registry's HTTP service over a synthetic population, for
/// development and load tests: `GET /nik/{nik}` answers 200 with the record, 404 when unknown,
/// and, at the configured rate, 503 as an overloaded registry would; every answer after the
/// configured latency.
public enum RegistrySimulator {
    public struct Settings: Sendable {
        public var host = "127.0.0.1"
        public var port = 8090
        public var latency: Duration = .zero
        public var errorRate = 0.0

        public init() {}
    }

    public static func buildApplication(
        population: SyntheticPopulation, settings: Settings, logger: Logger,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        router.get("/health") { _, _ in "ok" }
        router.get("/nik/{nik}") { _, context -> Response in
            if settings.latency > .zero { try await Task.sleep(for: settings.latency) }
            if settings.errorRate > 0, Double.random(in: 0..<1) < settings.errorRate {
                return Response(status: .serviceUnavailable)
            }
            let nik = context.parameters.get("nik") ?? ""
            guard let record = population.record(nik: nik) else { return Response(status: .notFound) }
            let data = try JSONEncoder().encode(RegistryRecordBody(record))
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        return Application(
            router: router, configuration: .init(address: .hostname(settings.host, port: settings.port)),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? settings.port) }, logger: logger)
    }
}
