import Application
import ArgumentParser
import AsyncHTTPClient
import Domain
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Storage
import Synchronization

/// `prakerja surge`: replays a launch against a running server. People arrive at `--rate` a
/// second for `--duration` seconds; each solves the proof of work for their email against the
/// published seed (fetched once for the run, as a browser keeps it) and registers in one
/// request, waiting in line when the waiting room says so and coming back with the ticket. Then a sample of them goes on
/// through the funnel with 2020's shares: verify the email (code from the local mailbox) and
/// submit an identity. Prints, per step, accepted, queued, rejected and errors, latency of
/// admitted requests (p50/p99/max) and the longest wait in line; with `--database-url`, checks
/// that every acknowledged registration is stored.
struct Surge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay a registration surge against a running server and report what happened.")

    @Option(help: "The server.") var url = "http://127.0.0.1:8080"
    @Option(help: "Arrivals per second.") var rate: Double = 500
    @Option(help: "Seconds of arrivals.") var duration: Double = 10
    @Option(help: "Share of registrants who verify their email (2020: 73.85 %).") var verifyShare = 0.7385
    @Option(help: "Share of registrants who submit an identity (2020: 43.65 %).") var identityShare = 0.4365
    @Option(help: "Share of registrants who join a wave (2020: 5.43 %; waves are not built yet).")
    var waveShare = 0.0543
    @Option(help: "Registrants who go on through the funnel (the shares apply to them).") var funnelSample = 500
    @Option(help: "Give up on a person after this many seconds in line.") var maxWait: Double = 900
    @Option(help: "HTTP connections to the server.") var connections = 256
    @Option(help: "The server's database: checks every acknowledged registration is stored.")
    var databaseUrl: String?

    func validate() throws {
        guard rate > 0, duration > 0, connections > 0 else {
            throw ValidationError("--rate, --duration and --connections must be positive")
        }
        for share in [verifyShare, identityShare, waveShare] where !(0...1).contains(share) {
            throw ValidationError("shares are between 0 and 1")
        }
        guard identityShare <= verifyShare else {
            throw ValidationError("--identity-share cannot exceed --verify-share")
        }
    }

    func run() async throws {
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let client = SurgeClient(http: http, baseURL: base, timeout: .seconds(120))
        let runID = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        print("surge run=\(runID) url=\(base) rate=\(rate)/s duration=\(duration)s arrivals=\(Int(rate * duration))")

        let before = await Self.metrics(client)
        // Addresses are sealed in the database, so the check counts the accounts made since now.
        let startedAt = SystemClock().now()
        let registered = try await arrive(client: client, runID: runID)
        let after = await Self.metrics(client)
        for (method, route, status) in [("GET", "/api/v1/challenges/seed", "200"), ("POST", "/api/v1/accounts", "202")]
        {
            let latency = ServerLatency.read(after, route: route, method: method, status: status)
                .subtracting(ServerLatency.read(before, route: route, method: method, status: status))
            print("server route=\(route) status=\(status) \(latency.report)")
        }
        let sample = Array(registered.shuffled().prefix(funnelSample))
        try await funnel(client: client, emails: sample)

        if let databaseUrl {
            // The check counts accounts and opens no personal data, so any key will do.
            let cipher = FieldCipher(
                keys: [try DataKey.generate(id: "surge")], indexKey: try DataKey.generate(id: "surge").bytes)
            let database = try await DatabaseURL(databaseUrl).open(cipher: cipher, logger: Logger(label: "surge"))
            let stored = try await FunnelStatistics(database: database).accountsCreated(since: startedAt)
            await database.close()
            // More stored than acknowledged happens when an answer was lost after the commit.
            print(
                "database acknowledged=\(registered.count) stored=\(stored) missing=\(max(0, registered.count - stored))"
            )
        }
        try await http.shutdown()
    }

    /// The arrivals: returns the emails whose registration was acknowledged (202).
    func arrive(client: SurgeClient, runID: String) async throws -> [String] {
        let seeds = StepStatistics(name: "seed")
        let registrations = StepStatistics(name: "register")
        let start = ContinuousClock.now
        let acknowledged = Acknowledged(start: start)
        let (rate, duration, maxWait) = (rate, duration, maxWait)
        let seed = SurgeSeed(client: client, step: seeds, maxWait: maxWait)
        await withDiscardingTaskGroup { group in
            var launched = 0
            while true {
                let elapsed = (ContinuousClock.now - start).seconds
                if elapsed >= duration { break }
                let due = Int(elapsed * rate)
                while launched < due {
                    launched += 1
                    let email = "surge-\(runID)-\(launched)@surge.prakerja.id"
                    group.addTask {
                        if await Self.register(
                            email: email, seed: seed, client: client, step: registrations, maxWait: maxWait)
                        {
                            acknowledged.add(email)
                        }
                    }
                }
                try? await Task.sleep(for: .milliseconds(2))
            }
        }
        let (emails, last) = acknowledged.result
        print(seeds.report())
        print(registrations.report(elapsed: (last - start).seconds))
        return emails
    }

    /// One person's registration: the proof of work solved for their email, one request; solved
    /// again once if the server asks for more bits (a busy moment) or the seed has rotated.
    static func register(email: String, seed: SurgeSeed, client: SurgeClient, step: StepStatistics, maxWait: Double)
        async -> Bool
    {
        guard var current = await seed.get() else { return false }
        var bits = current.bits
        let session = SurgeClient.Session()
        for attempt in 0..<2 {
            let proof = [
                "seed": current.seed, "nonce": ProofOfWork.solve(seed: current.seed, email: email, bits: bits),
            ]
            guard
                let reply = await client.call(
                    .POST, "/api/v1/accounts", json: ["email": email, "proof_of_work": proof], session: session,
                    step: step, maxWait: maxWait)
            else { return false }
            if reply.status == 202 { return true }
            let error = reply.json["error"] as? [String: Any]
            guard attempt == 0, let code = error?["code"] as? String else { return false }
            if code == "proof_of_work_insufficient",
                let required = ((error?["fields"] as? [String: Any])?["required_bits"] as? String).flatMap(Int.init)
            {
                bits = required
            } else if code == "proof_of_work_invalid" || code == "proof_of_work_expired" {
                await seed.forget(current.seed)
                guard let fresh = await seed.get() else { return false }
                (current, bits) = (fresh, fresh.bits)
            } else {
                return false
            }
        }
        return false
    }

    /// Registrations answered 202, and when the last one was.
    final class Acknowledged: Sendable {
        private let state: Mutex<(emails: [String], last: ContinuousClock.Instant)>

        init(start: ContinuousClock.Instant) {
            state = Mutex(([], start))
        }

        func add(_ email: String) {
            state.withLock {
                $0.emails.append(email)
                $0.last = ContinuousClock.now
            }
        }

        var result: (emails: [String], last: ContinuousClock.Instant) { state.withLock { $0 } }
    }

    /// The funnel after the surge, on a sample: verify the email, then submit an identity.
    func funnel(client: SurgeClient, emails: [String]) async throws {
        let verifications = StepStatistics(name: "verify_email")
        let identities = StepStatistics(name: "submit_identity")
        let verifying = Int((Double(emails.count) * verifyShare).rounded())
        let submitting = Int((Double(emails.count) * identityShare).rounded())
        let regions = RegionTable.bundled
        let districts = Array(regions.districts.keys.sorted())
        // Made-up NIKs differ between runs against the same database.
        let base = Int.random(in: 0..<1_000_000) * 1000
        let (maxWait, connections) = (maxWait, connections)
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for (index, email) in emails.prefix(verifying).enumerated() {
                if running >= connections {
                    await group.next()
                    running -= 1
                }
                running += 1
                group.addTask {
                    let session = SurgeClient.Session()
                    guard let code = await Self.code(for: email, client: client, session: session) else {
                        verifications.attempted()
                        verifications.error("no code in the mailbox for \(email)")
                        return
                    }
                    guard
                        let verified = await client.call(
                            .POST, "/api/v1/accounts/verify",
                            json: ["email": email, "code": code, "password": "surge-Pass-2020"], session: session,
                            step: verifications, maxWait: maxWait),
                        verified.status == 200, let token = verified.json["token"] as? String
                    else { return }
                    guard index < submitting else { return }
                    session.bearer = token
                    let form = Self.identityForm(number: base + index, districts: districts, regions: regions)
                    _ = await client.call(
                        .POST, "/api/v1/me/identity", json: form, session: session, step: identities,
                        maxWait: maxWait)
                }
            }
        }
        print(verifications.report())
        print(identities.report())
        print("step=join_wave share=\(waveShare) skipped=waves are not built yet")
    }

    /// A number written in letters (names may hold no digits): 0 → "A", 27 → "BB".
    static func letters(_ number: Int) -> String {
        var value = number
        var text = ""
        repeat {
            text = String(UnicodeScalar(UInt8(65 + value % 26))) + text
            value /= 26
        } while value > 0
        return text
    }

    /// The server's `/metrics` text, or empty when it has none.
    static func metrics(_ client: SurgeClient) async -> String {
        guard let reply = try? await client.send(.GET, "/metrics", json: nil, session: .init()), reply.status == 200
        else { return "" }
        return String(decoding: reply.body, as: UTF8.self)
    }

    /// The code in the newest mail to `email`, from the local mailbox (development servers).
    static func code(for email: String, client: SurgeClient, session: SurgeClient.Session) async -> String? {
        let query = email.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? email
        for _ in 0..<120 {
            if let reply = try? await client.send(.GET, "/dev/mailbox.json?to=\(query)", json: nil, session: session),
                reply.status == 200,
                let mails = (try? JSONSerialization.jsonObject(with: reply.body)) as? [[String: Any]],
                let subject = mails.first?["subject"] as? String,
                let range = subject.range(of: #"\d{6}"#, options: .regularExpression)
            {
                return String(subject[range])
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
        return nil
    }

    /// A well-formed profile with a made-up NIK (distinct per person) over a real district: the
    /// registry will not know it, which is a real outcome, and the path is the same.
    static func identityForm(number: Int, districts: [String], regions: RegionTable) -> [String: Any] {
        let district = districts[number % districts.count]
        let day = 1 + number % 28
        let serial = 1 + (number / districts.count) % 9999
        let pad = { (value: Int, width: Int) in
            String(repeating: "0", count: max(0, width - String(value).count)) + String(value)
        }
        let nik = district + pad(day, 2) + "0690" + pad(serial, 4)
        let village = regions.subdivisions(of: district).first?.code ?? district + "2001"
        var form: [String: Any] = [
            "nik": nik, "family_card_number": district + "2203200001", "full_name": "Peserta \(Self.letters(number))",
            "birth_date": "1990-06-\(pad(day, 2))", "sex": "male", "education": "sma", "marital_status": "single",
            "dependants": "0", "employment": "unemployed", "not_in_formal_education": true,
            "declared_groups": [String](), "honesty_statement": true,
        ]
        for prefix in ["ktp", "current"] {
            form["\(prefix)_street"] = "Jl. Uji \(number)"
            form["\(prefix)_province"] = String(district.prefix(2))
            form["\(prefix)_regency"] = String(district.prefix(4))
            form["\(prefix)_district"] = district
            form["\(prefix)_village"] = village
        }
        return form
    }
}
