import Application
import AsyncHTTPClient
import BenchmarkSupport
import Domain
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import Storage
import Synchronization
import Web

/// Signed purchases over HTTP: seeds N card holders (a drawn wave) on the database
/// `PRAKERJA_DATABASE_URL` names, starts the server in this process on a free port, then with
/// C concurrent clients buys one course per card through the sandbox platform (start, OTP,
/// authorise: every check, the reservation and the posting), and then points every client at one
/// card for S seconds (start, OTP, authorise, void, again). The OTP is derived from the nonce
/// the benchmark reads back from the database, as the participant's SMS would carry it.
///
///     swift build -c release --product PurchaseBenchmark --scratch-path .build-release
///     PRAKERJA_DATABASE_URL=sqlite:/tmp/buy.sqlite .build-release/release/PurchaseBenchmark 2000 16 20
///
/// Prints purchases per second and p50/p99 per request; see BENCHMARKS.md.
@main
struct PurchaseBenchmark {
    static func main() async throws {
        try await benchmark()
    }

    /// Off the main actor, so the clients' tasks run on every core.
    nonisolated static func benchmark() async throws {
        let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
        let cards = arguments.first ?? 2_000
        let clients = arguments.dropFirst().first ?? 16
        let hotSeconds = arguments.dropFirst(2).first ?? 20
        var environment = ProcessInfo.processInfo.environment
        environment["PRAKERJA_LOG_LEVEL"] = environment["PRAKERJA_LOG_LEVEL"] ?? "error"
        environment["PRAKERJA_WAITING_ROOM"] = "false"
        environment["PRAKERJA_LIMIT_PURCHASE_OTPS_PER_CARD"] = "10000000/1h"
        environment["PRAKERJA_LIMIT_PURCHASE_OTPS_PER_PARTNER"] = "10000000/1m"
        var configuration = try AppConfiguration.load(environment: environment)
        configuration.port = 0
        configuration.runWorker = false
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let platform = try await Platform.open(configuration, logger: logger)
        try await platform.migrator.migrate(now: platform.clock.now())
        let services = platform.services
        print("cards \(cards), clients \(clients), engine \(platform.database.dialect.engine)")

        let start = ContinuousClock.now
        let (holders, course, schedule, credentials) = try await seed(platform, cards: cards)
        print(String(format: "seed (not measured)          %9.2f s", seconds(ContinuousClock.now - start)))

        let port = Mutex<Int?>(nil)
        let app = buildApplication(platform: platform, logger: logger, metrics: nil) { bound in
            port.withLock { $0 = bound }
        }
        let server = Task { try await app.runService() }
        while port.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(20)) }
        let client = SignedClient(
            base: "http://127.0.0.1:\(port.withLock { $0 } ?? 0)", clientCode: credentials.partner.clientCode,
            key: credentials.signingKey)
        let codes = services.codes
        let database = platform.database

        @Sendable func otp(_ purchase: String) async throws -> String {
            let nonce = try await database.read { try await PurchaseStore($0).find(id: purchase)?.otpNonce } ?? ""
            return codes.code(purpose: CodePurpose.purchase, subject: purchase, nonce: nonce)
        }

        // A no-op request in the same run, for the ratio (machines here vary up to threefold).
        let healthCount = Shared(0)
        let healthEnd = ContinuousClock.now + .seconds(5)
        let healthStart = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    while ContinuousClock.now < healthEnd {
                        let request = HTTPClientRequest(url: client.base + "/health")
                        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 1 << 16)
                        healthCount.withLock { $0 += 1 }
                    }
                }
            }
            try await group.waitForAll()
        }
        let healthRate = Double(healthCount.withLock { $0 }) / seconds(ContinuousClock.now - healthStart)
        print(String(format: "GET /health (same clients, 5 s)      %9.0f/s", healthRate))

        // Every card but the last buys once.
        // The last card is kept for the hot-card run.
        let queue = Shared(holders.dropLast().makeIterator())
        let samples = Shared<(start: [Double], authorise: [Double], failures: Int)>(([], [], 0))
        let buying = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    while let card = queue.withLock({ $0.next() }) {
                        let began = ContinuousClock.now
                        let started = try await client.send(
                            "POST", "/api/partner/v1/purchases",
                            ["card_number": card, "course_id": course, "schedule_id": schedule],
                            idempotencyKey: UUID().uuidString)
                        let startTime = seconds(ContinuousClock.now - began)
                        guard started.status == 201, let id = started.json["id"] as? String else {
                            samples.withLock { $0.failures += 1 }
                            continue
                        }
                        let code = try await otp(id)
                        let authorising = ContinuousClock.now
                        let paid = try await client.send(
                            "POST", "/api/partner/v1/purchases/\(id)/authorise", ["otp": code])
                        let authoriseTime = seconds(ContinuousClock.now - authorising)
                        samples.withLock {
                            $0.start.append(startTime)
                            $0.authorise.append(authoriseTime)
                            if paid.status != 200 { $0.failures += 1 }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = seconds(ContinuousClock.now - buying)
        let measured = samples.withLock { $0 }
        report(
            "purchases, one per card", count: measured.authorise.count, elapsed: elapsed,
            latencies: ["start": measured.start, "authorise": measured.authorise], failures: measured.failures)
        print(
            String(
                format: "  purchases/s ÷ /health req/s  %.4f (each purchase is 2 requests)",
                Double(measured.authorise.count) / elapsed / healthRate))

        // Every client on one card: one purchase at a time can be unfinished, so the others
        // are refused (422) while one buys, authorises and voids.
        let hot = holders[holders.count - 1]
        let hotSamples = Shared<(cycles: [Double], refused: [Double], failures: Int)>(([], [], 0))
        let deadline = ContinuousClock.now + .seconds(hotSeconds)
        let hotStart = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    while ContinuousClock.now < deadline {
                        let began = ContinuousClock.now
                        let started = try await client.send(
                            "POST", "/api/partner/v1/purchases",
                            ["card_number": hot, "course_id": course, "schedule_id": schedule],
                            idempotencyKey: UUID().uuidString)
                        guard started.status == 201, let id = started.json["id"] as? String else {
                            let time = seconds(ContinuousClock.now - began)
                            hotSamples.withLock {
                                if started.status == 422 { $0.refused.append(time) } else { $0.failures += 1 }
                            }
                            continue
                        }
                        let paid = try await client.send(
                            "POST", "/api/partner/v1/purchases/\(id)/authorise", ["otp": try await otp(id)])
                        let voided = try await client.send("POST", "/api/partner/v1/purchases/\(id)/void")
                        let time = seconds(ContinuousClock.now - began)
                        hotSamples.withLock {
                            if paid.status == 200 && voided.status == 200 {
                                $0.cycles.append(time)
                            } else {
                                $0.failures += 1
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let hotElapsed = seconds(ContinuousClock.now - hotStart)
        let hotMeasured = hotSamples.withLock { $0 }
        report(
            "one hot card: start, authorise, void", count: hotMeasured.cycles.count, elapsed: hotElapsed,
            latencies: ["cycle": hotMeasured.cycles, "refused start": hotMeasured.refused],
            failures: hotMeasured.failures)
        print(String(format: "  refused starts/s %9.0f", Double(hotMeasured.refused.count) / hotElapsed))

        let check = try await services.ledger.verify()
        print(
            "ledger: \(check.problems.isEmpty ? "intact" : "BROKEN \(check.problems.prefix(3))") (\(check.accounts) accounts, \(check.transfers) transfers)"
        )
        server.cancel()
        try? await HTTPClient.shared.shutdown()
        await platform.database.close()
    }

    static func report(
        _ name: String, count: Int, elapsed: Double, latencies: [String: [Double]], failures: Int
    ) {
        print(
            String(
                format: "%-36@ %7d in %6.2f s = %7.0f/s, %d failed", name as NSString, count, elapsed,
                Double(count) / elapsed, failures))
        for (label, values) in latencies.sorted(by: { $0.key < $1.key }) {
            let sorted = values.sorted()
            print(
                String(
                    format: "  %-16@ p50 %7.2f ms   p99 %7.2f ms   (%d)", label as NSString,
                    percentile(sorted, 0.5) * 1000, percentile(sorted, 0.99) * 1000, sorted.count))
        }
    }

    /// A drawn wave of `cards` people with cards and balances; the sandbox platform's course
    /// with one schedule of enough seats.
    static func seed(_ platform: Platform, cards: Int) async throws
        -> (cards: [String], course: String, schedule: String, credentials: MarketplaceSandbox.Credentials)
    {
        let services = platform.services
        let principal = OperatorPrincipal.localDeveloper
        let now = platform.clock.now()
        let provinces = RegionTable.bundled.subdivisions(of: nil).map(\.code).sorted()
        let wave = try await BenchmarkSeed.openWave(services.waves, places: cards, provinces: provinces, now: now)
        let number = wave.number
        try await BenchmarkSeed.entrants(
            entries: cards, wave: wave, provinces: provinces, database: platform.database, now: now)
        _ = try await services.waves.fundBudget(
            schemeCode: "2023", schemeVersion: 1, amount: Scheme.y2023.trainingBalance * cards, key: "bench-\(number)",
            as: principal)
        try await services.waves.close(number: number, as: principal)
        try await services.waves.enterPublicValue(number: number, value: "bench \(number)", as: principal)
        _ = try await services.waves.draw(number: number, as: principal)
        let numbers = try await platform.database.read { try await CardStore($0).numbers(waveID: wave.id) }
        try await services.sandbox.load()
        let sandbox = try await services.sandbox.credentials()
        guard let platformCredentials = sandbox.first(where: { $0.partner.kind == .platform }),
            let provider = sandbox.first(where: { $0.partner.kind == .provider })
        else { throw CancellationError() }
        let course = try await services.catalogue.submit(
            platform: platformCredentials.partner, reference: "BENCH-\(number)",
            providerCode: provider.partner.clientCode,
            details: CourseDetails(
                title: "Benchmark", category: "business", description: "Benchmark course.", outcomes: ["None"],
                price: Rupiah(100_000), hours: 1, mode: .online))
        try await services.catalogue.decide(courseID: course.id, .approve, note: "", as: principal)
        let schedule = try await services.catalogue.addSchedule(
            platform: platformCredentials.partner, courseID: course.id, startsAt: now.addingTimeInterval(7 * 86_400),
            endsAt: now.addingTimeInterval(14 * 86_400), seats: 100_000)
        return (numbers, course.id, schedule.id, platformCredentials)
    }
}

/// A value the clients' tasks share.
final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) {
        mutex = Mutex(value)
    }

    func withLock<T: Sendable>(_ body: (inout sending Value) -> sending T) -> T { mutex.withLock(body) }
}

/// The partner's signing client over one shared HTTP client.
struct SignedClient: Sendable {
    /// Millisecond timestamps, each later than the last: two requests with the same body in the
    /// same millisecond (every client on one card) would otherwise share a signature, and the
    /// second would be refused as a replay.
    static let lastTimestamp = Atomic<Int64>(0)

    static func nextTimestamp() -> Int64 {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        while true {
            let last = lastTimestamp.load(ordering: .relaxed)
            let next = max(now, last + 1)
            if lastTimestamp.compareExchange(expected: last, desired: next, ordering: .relaxed).exchanged {
                return next
            }
        }
    }

    let base: String
    let clientCode: String
    let key: String

    struct Reply {
        let status: Int
        let json: [String: Any]
    }

    func send(_ method: String, _ path: String, _ body: [String: Any]? = nil, idempotencyKey: String? = nil)
        async throws -> Reply
    {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) } ?? Data()
        let stamp = String(Self.nextTimestamp())
        let signature = PartnerService.sign(
            PartnerSignature.message(
                clientCode: clientCode, timestamp: stamp, method: method, path: path, body: Array(data)),
            key: key)
        var request = HTTPClientRequest(url: base + path)
        request.method = .RAW(value: method)
        request.headers.add(name: "client_code", value: clientCode)
        request.headers.add(name: "timestamp", value: stamp)
        request.headers.add(name: "signature", value: signature)
        if body != nil {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: data))
        }
        if let idempotencyKey { request.headers.add(name: "Idempotency-Key", value: idempotencyKey) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        let json = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any] ?? [:]
        return Reply(status: Int(response.status.code), json: json)
    }
}
