import Foundation
import TestSupport
import Testing

@Suite struct OperationsTests {
    @Test(arguments: TestEngine.allCases)
    func healthReadinessAndMetrics(engine: TestEngine) async throws {
        try await withServer(engine) { _, http in
            #expect(try await http.get("/health").status == 200)
            let ready = try await http.get("/ready")
            #expect(ready.status == 200)
            #expect(ready.json["status"] as? String == "ready")
            _ = try await http.register("metrics@contoh.co.id")
            let metrics = try await http.get("/metrics")
            #expect(metrics.status == 200)
            for name in [
                "prakerja_outbox_depth", "prakerja_outbox_oldest_age_seconds", "prakerja_db_pool_in_use",
                "http_server_request_duration", "prakerja_admission_load", "prakerja_admission_line_rate_per_second",
                "prakerja_admission_door_let_through", "prakerja_admission_door_told_to_wait",
                "prakerja_admission_pass_seconds",
            ] {
                #expect(metrics.text.contains(name), "missing \(name)")
            }
            #expect(metrics.text.contains("/api/v1/accounts"))
        }
    }

    /// With a token configured, `/metrics` answers only a scraper that sends it.
    @Test func metricsNeedTheConfiguredToken() async throws {
        let token = "rahasia-pemantauan-123"
        try await withServer(.sqlite, environment: ["PRAKERJA_METRICS_TOKEN": token]) { _, http in
            #expect(try await http.get("/metrics").status == 404)
            #expect(
                try await http.get("/metrics", headers: ["Authorization": "Bearer salah-salah-salah"]).status == 404)
            let scraped = try await http.get("/metrics", headers: ["Authorization": "Bearer \(token)"])
            #expect(scraped.status == 200)
            #expect(scraped.text.contains("prakerja_outbox_depth"))
        }
    }

    @Test func logsAreJSONLinesWithoutSecrets() async throws {
        let server = try await ServerProcess.start(databaseURL: try await TestDatabase.makeURL(.sqlite))
        let http = HTTP(server.baseURL)
        let email = "rahasia.sekali@contoh.co.id"
        _ = try await http.register(email)
        let code = try await http.latestCode(to: email)
        let verified = try await http.post(
            "/api/v1/accounts/verify", ["email": email, "code": code, "password": "sandi-yang-panjang"])
        let token = try #require(verified.json["token"] as? String)
        _ = try await http.get("/verifikasi?email=\(email)&code=\(code)")
        await server.stop()
        let log = server.log
        #expect(log.contains { $0.contains("\"message\":\"request\"") })
        // One line for the person who started it (on standard error): where to open the platform.
        let announced = log.filter { $0.hasPrefix("Prakerja is running: open http://") }
        #expect(announced.count == 1)
        #expect(announced.first?.contains(":\(server.port)/") == true)
        for line in log where !line.isEmpty && !announced.contains(line) {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "not JSON: \(line)")
            #expect(!line.contains("rahasia"), "email in log: \(line)")
            #expect(!line.contains(code), "code in log: \(line)")
            #expect(!line.contains("sandi-yang-panjang"), "password in log")
            #expect(!line.contains(token), "token in log")
        }
    }

    /// Runs `prakerja serve` with changed settings until it exits; its status and standard error.
    func serveExpectingFailure(_ changes: [String: String?]) throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.binary)
        process.arguments = ["serve"]
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in changes { environment[name] = value }
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (
            process.terminationStatus,
            String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        )
    }

    @Test func aBadSettingStopsTheStartWithOneLineNamingIt() async throws {
        for (name, value) in [
            ("PRAKERJA_PORT", "eighty"), ("PRAKERJA_DATABASE_URL", "mysql://x"), ("PRAKERJA_SECRET_KEY", "short"),
            ("PRAKERJA_SMTP_URL", "http://mail"), ("PRAKERJA_ENV", "staging"), ("PRAKERJA_SMS_URL", "ftp://sms"),
            ("PRAKERJA_SCHEME", "2019"), ("PRAKERJA_LIMIT_SMS_PER_PHONE", "lots"),
            ("PRAKERJA_TRUSTED_PROXIES", "10.0.0.2, balancer.internal"),
        ] {
            let (status, output) = try serveExpectingFailure([name: value])
            #expect(status == 2)
            #expect(output.split(separator: "\n").count == 1)
            #expect(output.contains(name))
        }
    }

    @Test func productionRefusesLocalTransports() async throws {
        let (status, output) = try serveExpectingFailure([
            "PRAKERJA_ENV": "production", "PRAKERJA_SECRET_KEY": String(repeating: "ab", count: 32),
            "PRAKERJA_SMTP_URL": nil,
        ])
        #expect(status == 2)
        #expect(output.contains("PRAKERJA_SMTP_URL"))
    }

    @Test func devMailboxIsAbsentWithSMTP() async throws {
        try await withServer(.sqlite, environment: ["PRAKERJA_SMTP_URL": "smtp://127.0.0.1:1"]) { _, http in
            let json = try await http.get("/dev/mailbox.json")
            let page = try await http.get("/dev/mailbox")
            #expect(json.status == 404)
            #expect(page.status == 404)
            // The registration still succeeds: the mail waits in the outbox for the server to return.
            let registered = try await http.register("tunggu@contoh.co.id")
            #expect(registered.status == 202)
        }
    }
}
