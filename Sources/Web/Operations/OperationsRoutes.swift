import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import Storage

/// `/health` (the process answers), `/ready` (database reachable, schema current), `/metrics`
/// (Prometheus), `/openapi.json`, the partner API's `/partner-openapi.json` and the stylesheet.
struct OperationsRoutes {
    let platform: Platform
    let metrics: PrometheusCollectorRegistry?
    let admission: AdmissionController

    /// `/static/<name>`: the stylesheet, the scripts (each page works without them) and the mark.
    static let staticFiles: [(name: String, type: String, body: ByteBuffer)] = [
        ("app.css", "text/css; charset=utf-8"), ("pow.js", "text/javascript; charset=utf-8"),
        ("identity.js", "text/javascript; charset=utf-8"), ("mark.svg", "image/svg+xml"),
    ].map { ($0.0, $0.1, bundled("Static/\($0.0)")) }
    static let openAPIDocument = bundled("openapi.json")
    static let partnerOpenAPIDocument = bundled("partner-openapi.json")

    static func bundled(_ path: String) -> ByteBuffer {
        guard let url = Bundle.module.url(forResource: "Resources/\(path)", withExtension: nil),
            let data = try? Data(contentsOf: url)
        else { fatalError("\(path) is missing from the bundle") }
        return ByteBuffer(bytes: data)
    }

    func add(to router: Router<AppRequestContext>) {
        let database = platform.database
        let migrator = platform.migrator
        let clock = platform.clock
        let worker = platform.worker

        router.get("/health") { _, _ in
            try JSONBody.response(["status": "ok"])
        }

        router.get("/ready") { _, context in
            do {
                let pending = try await migrator.pending()
                guard pending.isEmpty else {
                    return try JSONBody.response(
                        ["status": "migrations_pending"], status: .serviceUnavailable)
                }
                return try JSONBody.response(["status": "ready"])
            } catch {
                context.logger.warning("readiness check failed", metadata: ["error": "\(String(reflecting: error))"])
                var response = try JSONBody.response(["status": "database_unavailable"], status: .serviceUnavailable)
                response.headers[.retryAfter] = "5"
                return response
            }
        }

        for file in Self.staticFiles {
            router.get("/static/\(file.name)") { _, _ in
                Response(
                    status: .ok, headers: [.contentType: file.type, .cacheControl: "public, max-age=3600"],
                    body: .init(byteBuffer: file.body))
            }
        }

        router.get("/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: Self.openAPIDocument))
        }

        router.get("/partner-openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: Self.partnerOpenAPIDocument))
        }

        if let metrics {
            let outboxDepth = Gauge(label: "prakerja_outbox_depth")
            let outboxDead = Gauge(label: "prakerja_outbox_dead")
            let outboxOldest = Gauge(label: "prakerja_outbox_oldest_age_seconds")
            let poolInUse = Gauge(label: "prakerja_db_pool_in_use")
            let poolWaiting = Gauge(label: "prakerja_db_pool_waiting")
            let poolCapacity = Gauge(label: "prakerja_db_pool_capacity")
            let line = AdmissionGauges()
            let scrape = router.group("metrics").add(
                middleware: MetricsAccessMiddleware(token: platform.configuration.metricsToken))
            scrape.get { _, _ in
                let usage = database.poolUsage()
                poolInUse.record(usage.inUse)
                poolWaiting.record(usage.waiting)
                poolCapacity.record(usage.capacity)
                line.record(admission.readings)
                if let depth = try? await worker.depth() {
                    outboxDepth.record(depth.pending)
                    outboxDead.record(depth.dead)
                    outboxOldest.record(depth.oldestPendingCreatedAt.map { clock.now().timeIntervalSince($0) } ?? 0)
                }
                var bytes: [UInt8] = []
                metrics.emit(into: &bytes)
                return Response(
                    status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                    body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
            }
        }
    }
}
