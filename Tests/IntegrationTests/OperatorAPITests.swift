import Application
import Foundation
import Storage
import TestSupport
import Testing

/// Operators over real HTTP and the command line: the first admin from `operator create`,
/// sign-in with password and TOTP, and every operator route checked against every role.
@Suite struct OperatorAPITests {
    static let password = "sandi-operator-yang-panjang"

    /// The TOTP secret `operator create` printed.
    static func secret(from output: String) throws -> [UInt8] {
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("totp secret: ") })
        return try #require(TOTPSecret.bytes(String(line.dropFirst("totp secret: ".count))))
    }

    static func bootstrapAdmin(_ databaseURL: String, environment: [String: String] = [:]) async throws -> [UInt8] {
        let created = try await PrakerjaCommand.run(
            ["operator", "create", "--username", "kepala"], databaseURL: databaseURL,
            environment: environment.merging(["PRAKERJA_NEW_OPERATOR_PASSWORD": password]) { $1 })
        #expect(created.status == 0, "\(created.output)")
        return try secret(from: created.output)
    }

    static func login(_ http: HTTP, _ username: String, secret: [UInt8], at date: Date = Date()) async throws
        -> HTTP.Reply
    {
        try await http.post(
            "/api/v1/operator/sessions",
            ["username": username, "password": password, "code": TOTP(secret: secret).code(at: date)])
    }

    /// Route, its body, and the permission it needs.
    nonisolated(unsafe) static let routes: [(method: String, path: String, body: [String: Any]?, permission: String)] =
        [
            ("GET", "/api/v1/operator/operators", nil, "manage_operators"),
            (
                "POST", "/api/v1/operator/operators", ["username": "x", "password": "p", "roles": ["support"]],
                "manage_operators"
            ),
            ("POST", "/api/v1/operator/operators/nobody/roles", ["roles": ["support"]], "manage_operators"),
            ("POST", "/api/v1/operator/operators/nobody/disable", nil, "manage_operators"),
            ("GET", "/api/v1/operator/identity-conflicts", nil, "review_identities"),
            ("GET", "/api/v1/operator/accounts/nobody", nil, "view_accounts"),
            ("GET", "/api/v1/operator/audit", nil, "view_audit_log"),
            ("GET", "/api/v1/operator/exports/funnel.csv", nil, "export_figures"),
            ("GET", "/api/v1/operator/waiting-room", nil, "control_waiting_room"),
            (
                "POST", "/api/v1/operator/waves",
                [
                    "number": 9, "opens_at": "2030-01-01T09:00:00+07:00", "closes_at": "2030-01-08T09:00:00+07:00",
                    "scheme_code": "2023", "scheme_version": 1, "total_quota": 10, "group_quotas": ["31": 10],
                    "public_source": "drand quicknet round 1",
                ],
                "run_programme"
            ),
            ("GET", "/api/v1/operator/waves/9", nil, "run_programme"),
            ("POST", "/api/v1/operator/waves/9/open", nil, "run_programme"),
            ("POST", "/api/v1/operator/waves/9/close", nil, "run_programme"),
            ("POST", "/api/v1/operator/waves/9/public-value", ["value": "x"], "run_programme"),
            ("POST", "/api/v1/operator/waves/9/draw", nil, "run_programme"),
            (
                "POST", "/api/v1/operator/budgets",
                ["scheme_code": "2023", "scheme_version": 1, "amount": 1, "key": "uji"], "move_money"
            ),
        ]

    static let permissions: [String: Set<String>] = [
        "admin": ["manage_operators", "view_accounts", "control_waiting_room", "run_programme"],
        "verifier": ["view_accounts", "review_identities"],
        "finance": ["export_figures", "move_money"],
        "support": ["view_accounts"],
        "auditor": ["view_audit_log", "export_figures"],
    ]

    @Test(arguments: TestEngine.allCases)
    func everyRouteChecksItsPermissionForEveryRole(engine: TestEngine) async throws {
        try await withServer(engine) { server, http in
            let adminSecret = try await Self.bootstrapAdmin(server.databaseURL)
            let admin = try await Self.login(http, "kepala", secret: adminSecret)
            #expect(admin.status == 201)
            let adminAuth = ["Authorization": "Bearer \(try #require(admin.json["token"] as? String))"]

            var tokens: [String: String] = ["admin": try #require(admin.json["token"] as? String)]
            for role in ["verifier", "finance", "support", "auditor"] {
                let created = try await http.post(
                    "/api/v1/operator/operators",
                    ["username": "petugas-\(role)", "password": Self.password, "roles": [role]], headers: adminAuth)
                #expect(created.status == 201)
                let encoded = try #require(created.json["totp_secret"] as? String)
                let secret = try #require(TOTPSecret.bytes(encoded))
                let session = try await Self.login(http, "petugas-\(role)", secret: secret)
                #expect(session.status == 201)
                tokens[role] = try #require(session.json["token"] as? String)
            }
            for (role, token) in tokens {
                for route in Self.routes {
                    let reply = try await http.request(
                        route.method, route.path, json: route.body, headers: ["Authorization": "Bearer \(token)"])
                    let allowed = Self.permissions[role]!.contains(route.permission)
                    if allowed {
                        #expect(reply.status != 403 && reply.status < 500, "\(role) \(route.method) \(route.path)")
                    } else {
                        #expect(reply.status == 403, "\(role) \(route.method) \(route.path) → \(reply.status)")
                        #expect((reply.json["error"] as? [String: Any])?["code"] as? String == "forbidden")
                    }
                }
                // Without a token, or with an applicant's, nothing answers.
                for route in Self.routes {
                    #expect(try await http.request(route.method, route.path, json: route.body).status == 401)
                }
            }
            // Denials are in the audit log, which the auditor reads (and that read is recorded too).
            let log = try await http.get(
                "/api/v1/operator/audit?limit=200", headers: ["Authorization": "Bearer \(tokens["auditor"]!)"])
            let events = log.jsonArray.compactMap { $0["event"] as? String }
            #expect(events.contains("operator.denied"))
            #expect(events.contains("operator.created"))
            #expect(events.filter { $0 == "operator.login.succeeded" }.count == 5)
            let verified = try await PrakerjaCommand.run(["audit", "verify"], databaseURL: server.databaseURL)
            #expect(verified.status == 0, "\(verified.output)")
            #expect(verified.output.contains("audit log intact"))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func signInNeedsPasswordAndAFreshCode(engine: TestEngine) async throws {
        try await withServer(engine) { server, http in
            let secret = try await Self.bootstrapAdmin(server.databaseURL)
            let again = try await PrakerjaCommand.run(
                ["operator", "create", "--username", "kedua"], databaseURL: server.databaseURL,
                environment: ["PRAKERJA_NEW_OPERATOR_PASSWORD": Self.password])
            #expect(again.status != 0, "a second operator needs an admin's sign-in")

            let totp = TOTP(secret: secret)
            let wrongCode = try await http.post(
                "/api/v1/operator/sessions",
                [
                    "username": "kepala", "password": Self.password,
                    "code": totp.code(at: Date().addingTimeInterval(-300)),
                ])
            #expect(wrongCode.status == 401)
            let wrongPassword = try await http.post(
                "/api/v1/operator/sessions",
                ["username": "kepala", "password": "salah-sekali-sandinya", "code": totp.code(at: Date())])
            #expect(wrongPassword.status == 401)
            let unknown = try await http.post(
                "/api/v1/operator/sessions", ["username": "siapa", "password": Self.password, "code": "123456"])
            #expect(unknown.status == 401)
            #expect((unknown.json["error"] as? [String: Any])?["code"] as? String == "invalid_credentials")

            let now = Date()
            let first = try await Self.login(http, "kepala", secret: secret, at: now)
            #expect(first.status == 201)
            let replay = try await Self.login(http, "kepala", secret: secret, at: now)
            #expect(replay.status == 401, "a code works once")

            // An operator token is not an applicant session, and the reverse.
            let token = try #require(first.json["token"] as? String)
            #expect(try await http.get("/api/v1/me", headers: ["Authorization": "Bearer \(token)"]).status == 401)
            let me = try await http.get("/api/v1/operator/me", headers: ["Authorization": "Bearer \(token)"])
            #expect(me.json["roles"] as? [String] == ["admin"])
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aDisabledOperatorIsOutAtOnce(engine: TestEngine) async throws {
        try await withServer(engine) { server, http in
            let adminSecret = try await Self.bootstrapAdmin(server.databaseURL)
            let admin = try await Self.login(http, "kepala", secret: adminSecret)
            let adminAuth = ["Authorization": "Bearer \(try #require(admin.json["token"] as? String))"]
            let created = try await http.post(
                "/api/v1/operator/operators",
                ["username": "sementara", "password": Self.password, "roles": ["support"]],
                headers: adminAuth)
            let id = try #require(created.json["id"] as? String)
            let encoded = try #require(created.json["totp_secret"] as? String)
            let secret = try #require(TOTPSecret.bytes(encoded))
            let now = Date()
            let session = try await Self.login(http, "sementara", secret: secret, at: now)
            let auth = ["Authorization": "Bearer \(try #require(session.json["token"] as? String))"]
            #expect(try await http.get("/api/v1/operator/me", headers: auth).status == 200)

            let disabled = try await http.request(
                "POST", "/api/v1/operator/operators/\(id)/disable", headers: adminAuth)
            #expect(disabled.status == 204)
            #expect(try await http.get("/api/v1/operator/me", headers: auth).status == 401)
            let again = try await Self.login(http, "sementara", secret: secret, at: now.addingTimeInterval(30))
            #expect(again.status == 401)
            let listed = try await http.get("/api/v1/operator/operators", headers: adminAuth).jsonArray
            #expect(listed.first { $0["id"] as? String == id }?["disabled"] as? Bool == true)
        }
    }

    /// In production, commands that change data need an operator whose roles allow them.
    @Test func productionCommandsNeedAnAllowedOperator() async throws {
        let url = try await TestDatabase.makeURL(.sqlite)
        let production = [
            "PRAKERJA_ENV": "production", "PRAKERJA_SMTP_URL": "smtp://127.0.0.1:2525",
            "PRAKERJA_SMS_URL": "http://127.0.0.1:9/sms", "PRAKERJA_BCRYPT_COST": "10",
        ]
        let adminSecret = try await Self.bootstrapAdmin(url, environment: production)
        let anonymous = try await PrakerjaCommand.run(
            ["waiting-room", "clear"], databaseURL: url, environment: production)
        #expect(anonymous.status != 0)
        #expect(anonymous.output.contains("--operator"))

        let totp = TOTP(secret: adminSecret)
        var asAdmin = production
        asAdmin["PRAKERJA_OPERATOR_PASSWORD"] = Self.password
        asAdmin["PRAKERJA_NEW_OPERATOR_PASSWORD"] = Self.password
        let cleared = try await PrakerjaCommand.run(
            ["waiting-room", "clear", "--operator", "kepala", "--totp", totp.code(at: Date())], databaseURL: url,
            environment: asAdmin)
        #expect(cleared.status == 0, "\(cleared.output)")
        let created = try await PrakerjaCommand.run(
            [
                "operator", "create", "--username", "bantuan", "--roles", "support", "--operator", "kepala", "--totp",
                totp.code(at: Date().addingTimeInterval(30)),
            ], databaseURL: url, environment: asAdmin)
        #expect(created.status == 0, "\(created.output)")
        let supportSecret = try Self.secret(from: created.output)
        let refused = try await PrakerjaCommand.run(
            ["waiting-room", "clear", "--operator", "bantuan", "--totp", TOTP(secret: supportSecret).code(at: Date())],
            databaseURL: url, environment: asAdmin)
        #expect(refused.status != 0)
        #expect(refused.output.contains("may not do this"))
        // Reading the log from the command line is itself for an operator who may read it.
        let list = try await PrakerjaCommand.run(
            ["audit", "list", "--limit", "20"], databaseURL: url, environment: production)
        #expect(list.status != 0)
        let database = try await TestDatabase.open(url)
        let events = try await database.read { try await AuditLogStore($0).entries(after: 0, limit: 50) }.map(\.event)
        await database.close()
        #expect(events.contains("waiting_room.changed"))
        #expect(events.contains("operator.denied"))
    }
}
