import Application
import Foundation
import TestSupport
import Testing

/// The operator console over real HTTP on both engines: sign-in with password and TOTP into a
/// cookie of its own, CSRF on every form, roles checked on every action, and a wave run from
/// creation to its published selection; then the waiting room and a list import.
@Suite struct ConsolePageTests {
    typealias Browser = PageTests.Browser

    /// Signs `username` in to the console in a new browser.
    static func signIn(_ http: HTTP, _ username: String, secret: [UInt8], at date: Date = Date()) async throws
        -> Browser
    {
        let browser = Browser(http)
        let page = try await browser.request("GET", "/konsol/masuk")
        #expect(page.status == 200)
        let signedIn = try await browser.request(
            "POST", "/konsol/masuk",
            form: [
                "_csrf": browser.csrf(in: page.text), "username": username, "password": OperatorAPITests.password,
                "code": TOTP(secret: secret).code(at: date),
            ])
        #expect(signedIn.status == 303, "\(signedIn.text)")
        #expect(signedIn.header("Location") == "/konsol")
        let cookie = signedIn.headers("Set-Cookie").first { $0.hasPrefix("prakerja_console=") } ?? ""
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/konsol"))
        return browser
    }

    /// Posts a console form with the page's CSRF token; the redirect's location.
    static func submit(_ browser: Browser, _ page: String, _ action: String, _ fields: [String: String] = [:])
        async throws -> String
    {
        let form = try await browser.request("GET", page)
        var fields = fields
        fields["_csrf"] = browser.csrf(in: form.text)
        let reply = try await browser.request("POST", action, form: fields)
        #expect(reply.status == 303, "\(action): \(reply.status) \(reply.text.prefix(300))")
        return reply.header("Location") ?? ""
    }

    @Test(arguments: TestEngine.allCases)
    func anOperatorRunsAWaveFromTheConsole(engine: TestEngine) async throws {
        try await withServer(engine) { server, http in
            let adminSecret = try await OperatorAPITests.bootstrapAdmin(server.databaseURL)
            let now = Date()
            // Each TOTP step signs in once: the API now, the console with the next step's code.
            let api = try await OperatorAPITests.login(http, "kepala", secret: adminSecret, at: now)
            let adminAuth = ["Authorization": "Bearer \(try #require(api.json["token"] as? String))"]
            let finance = try await http.post(
                "/api/v1/operator/operators",
                ["username": "bendahara", "password": OperatorAPITests.password, "roles": ["finance"]],
                headers: adminAuth)
            let financeText = try #require(finance.json["totp_secret"] as? String)
            let financeSecret = try #require(TOTPSecret.bytes(financeText))

            // Nobody gets in without signing in; an applicant's session is not an operator's.
            let stranger = Browser(http)
            stranger.cookies["prakerja_session"] = "not-an-operator"
            let away = try await stranger.request("GET", "/konsol/gelombang")
            #expect(away.status == 303 && away.header("Location") == "/konsol/masuk")
            let loginPage = try await stranger.request("GET", "/konsol/masuk")
            let wrong = try await stranger.request(
                "POST", "/konsol/masuk",
                form: [
                    "_csrf": stranger.csrf(in: loginPage.text), "username": "kepala",
                    "password": OperatorAPITests.password, "code": "000000",
                ])
            #expect(wrong.status == 401)
            #expect(wrong.text.contains("id=\"problem\""))

            let admin = try await Self.signIn(http, "kepala", secret: adminSecret, at: now + 30)
            let home = try await admin.request("GET", "/konsol")
            #expect(home.text.contains("href=\"/konsol/gelombang\""))

            // A form without the session's token is refused before anything happens.
            #expect(try await admin.request("POST", "/konsol/gelombang", form: ["number": "1"]).status == 403)

            // The wave: people from one demo household per province, a place for each province.
            let thisYear = Calendar(identifier: .gregorian).component(.year, from: Date())
            var households = Set<String>()
            let people = try await http.get("/dev/identities.json").jsonArray.filter { person in
                let year = Int((person["birth_date"] as? String ?? "").prefix(4)) ?? 0
                guard (thisYear - 63...thisYear - 19).contains(year) else { return false }
                return households.insert(person["kk"] as? String ?? "").inserted
            }.prefix(2)
            let quotas = Set(people.map { String(($0["nik"] as? String ?? "").prefix(2)) }).sorted()
                .map { "\($0)=1" }.joined(separator: "\n")
            let fields = [
                "number": "1", "opens": ConsoleTimeText.field(now.addingTimeInterval(3600)),
                "closes": ConsoleTimeText.field(now.addingTimeInterval(7 * 86_400)), "scheme": "2023:1", "total": "2",
                "reserved": "0", "quotas": quotas, "public_source": "drand quicknet, first round after the close",
            ]
            let listPage = try await admin.request("GET", "/konsol/gelombang")
            var invalid = fields
            invalid["quotas"] = "jakarta=10"
            invalid["_csrf"] = admin.csrf(in: listPage.text)
            let refused = try await admin.request("POST", "/konsol/gelombang", form: invalid)
            #expect(refused.status == 422)
            #expect(refused.text.contains("KODE=KUOTA"))
            #expect(refused.text.contains("drand quicknet, first round after the close"), "typed values are kept")

            #expect(
                try await Self.submit(admin, "/konsol/gelombang", "/konsol/gelombang", fields)
                    == "/konsol/gelombang/1?ok=created")
            var wave = try await admin.request("GET", "/konsol/gelombang/1?ok=created")
            #expect(wave.text.contains("data-phase=\"scheduled\""))
            #expect(wave.text.contains("Gelombang dibuat"))
            #expect(
                try await Self.submit(admin, "/konsol/gelombang/1", "/konsol/gelombang/1/buka")
                    == "/konsol/gelombang/1?ok=opened")
            #expect(try await http.get("/api/v1/waves").jsonArray.first?["phase"] as? String == "open")

            for (index, person) in people.enumerated() {
                let token = try await WaveHTTPTests.participant(
                    http, email: "konsol\(index)@contoh.co.id", person: person, phone: "081234568\(index)0")
                let joined = try await http.post(
                    "/api/v1/me/wave", ["consent": true], headers: ["Authorization": "Bearer \(token)"])
                #expect(joined.status == 201)
            }
            wave = try await admin.request("GET", "/konsol/gelombang/1")
            #expect(wave.text.contains("id=\"close-wave\""))
            #expect(
                try await Self.submit(admin, "/konsol/gelombang/1", "/konsol/gelombang/1/tutup")
                    == "/konsol/gelombang/1?ok=closed")
            #expect(
                try await Self.submit(admin, "/konsol/gelombang/1", "/konsol/gelombang/1/undi")
                    == "/konsol/gelombang/1?galat=no_public_value")
            #expect(
                try await Self.submit(
                    admin, "/konsol/gelombang/1", "/konsol/gelombang/1/nilai-publik", ["value": "round 77: 9f8e7d"])
                    == "/konsol/gelombang/1?ok=public_value")
            #expect(
                try await Self.submit(admin, "/konsol/gelombang/1", "/konsol/gelombang/1/undi")
                    == "/konsol/gelombang/1?galat=budget_short")

            // Money is finance's: the admin's attempt is refused, finance's goes through once.
            wave = try await admin.request("GET", "/konsol/gelombang/1")
            let denied = try await admin.request(
                "POST", "/konsol/gelombang/1/dana",
                form: ["_csrf": admin.csrf(in: wave.text), "amount": "7000000", "key": "uji-1"])
            #expect(denied.status == 403)
            let treasurer = try await Self.signIn(http, "bendahara", secret: financeSecret, at: now)
            for _ in 0..<2 {
                #expect(
                    try await Self.submit(
                        treasurer, "/konsol", "/konsol/gelombang/1/dana", ["amount": "7.000.000", "key": "dipa-1"])
                        == "/konsol/gelombang/1?ok=funded")
            }
            wave = try await admin.request("GET", "/konsol/gelombang/1")
            #expect(wave.text.contains("Rp7.000.000 / Rp7.000.000"), "the same key funds once")

            #expect(
                try await Self.submit(admin, "/konsol/gelombang/1", "/konsol/gelombang/1/undi")
                    == "/konsol/gelombang/1?ok=drawn")
            wave = try await admin.request("GET", "/konsol/gelombang/1")
            #expect(wave.text.contains("data-phase=\"drawn\""))
            #expect(wave.text.contains("href=\"/api/v1/waves/1/selection\""))
            let selectedCells = wave.text.components(separatedBy: "<td>1</td></tr>").count - 1
            #expect(selectedCells == quotas.split(separator: "\n").count, "each group's place is filled")
            #expect(try await http.get("/api/v1/waves/1/selection").status == 200)
            let ledger = try await PrakerjaCommand.run(["ledger", "verify"], databaseURL: server.databaseURL)
            #expect(ledger.status == 0, "\(ledger.output)")

            let out = try await Self.submit(admin, "/konsol", "/konsol/keluar")
            #expect(out == "/konsol/masuk")
            #expect(try await admin.request("GET", "/konsol").status == 303)
        }
    }

    @Test func theWaitingRoomAndListsFromTheConsole() async throws {
        try await withServer(.sqlite) { server, http in
            let secret = try await OperatorAPITests.bootstrapAdmin(server.databaseURL)
            let admin = try await Self.signIn(http, "kepala", secret: secret)
            let opening = Date().addingTimeInterval(86_400)
            #expect(
                try await Self.submit(
                    admin, "/konsol/antrean", "/konsol/antrean",
                    ["opening": ConsoleTimeText.field(opening), "randomise": "yes"])
                    == "/konsol/antrean?ok=opening_scheduled")
            let scheduled = try await admin.request("GET", "/konsol/antrean")
            #expect(scheduled.text.contains("(diundi)"))
            #expect(scheduled.text.contains("id=\"clear-opening\""))
            #expect(
                try await Self.submit(admin, "/konsol/antrean", "/konsol/antrean", ["clear": "yes"])
                    == "/konsol/antrean?ok=opening_cleared")
            #expect(try await admin.request("GET", "/konsol/antrean").text.contains("tidak dijadwalkan"))

            let nik = try #require(try await http.get("/dev/identities.json").jsonArray.first?["nik"] as? String)
            let location = try await Self.submit(
                admin, "/konsol/daftar", "/konsol/daftar", ["kind": "asn", "csv": "nama,nik\nA,\(nik)\nB,123\n"])
            #expect(location.hasPrefix("/konsol/daftar?ok=imported&diterima=1&duplikat=0&ditolak=1&baris=3"))
            let report = try await admin.request("GET", location)
            #expect(report.text.contains("id=\"accepted\">1<"))
            #expect(
                try await Self.submit(admin, "/konsol/daftar", "/konsol/daftar", ["kind": "asn", "csv": "nama\nA\n"])
                    == "/konsol/daftar?galat=list_without_nik")
            let log = try await PrakerjaCommand.run(["audit", "verify"], databaseURL: server.databaseURL)
            #expect(log.status == 0, "\(log.output)")
        }
    }

    /// The wave API for operators: what the console does, as JSON.
    @Test func operatorsRunAWaveOverTheAPI() async throws {
        try await withServer(.sqlite) { server, http in
            let secret = try await OperatorAPITests.bootstrapAdmin(server.databaseURL)
            let session = try await OperatorAPITests.login(http, "kepala", secret: secret)
            let auth = ["Authorization": "Bearer \(try #require(session.json["token"] as? String))"]
            var body: [String: Any] = [
                "number": 3, "opens_at": "2026-01-01 09:00", "closes_at": "2099-01-08T09:00:00+07:00",
                "scheme_code": "2023", "scheme_version": 1, "total_quota": 5, "group_quotas": ["31": 5],
                "public_source": "drand quicknet round 1",
            ]
            let badTime = try await http.post("/api/v1/operator/waves", body, headers: auth)
            #expect(badTime.status == 422)
            #expect((badTime.json["error"] as? [String: Any])?["code"] as? String == "invalid_time")
            body["opens_at"] = "2099-01-01T09:00:00+07:00"
            let created = try await http.post("/api/v1/operator/waves", body, headers: auth)
            #expect(created.status == 201, "\(created.text)")
            #expect((created.json["wave"] as? [String: Any])?["phase"] as? String == "scheduled")
            #expect(created.json["budget_needed"] as? Int == 17_500_000)
            #expect(try await http.post("/api/v1/operator/waves", body, headers: auth).status == 409)
            #expect(try await http.get("/api/v1/operator/waves/4", headers: auth).status == 404)
            let early = try await http.post("/api/v1/operator/waves/3/draw", [:], headers: auth)
            #expect((early.json["error"] as? [String: Any])?["code"] as? String == "wave_not_closed")
            #expect(try await http.post("/api/v1/operator/waves/3/open", [:], headers: auth).status == 200)
            let closed = try await http.post("/api/v1/operator/waves/3/close", [:], headers: auth)
            #expect((closed.json["wave"] as? [String: Any])?["phase"] as? String == "closed")
            #expect(
                try await http.post("/api/v1/operator/waves/3/public-value", ["value": "r1: ab"], headers: auth).status
                    == 200)
            let again = try await http.post("/api/v1/operator/waves/3/public-value", ["value": "r2"], headers: auth)
            #expect((again.json["error"] as? [String: Any])?["code"] as? String == "public_value_recorded")
            let drawn = try await http.post("/api/v1/operator/waves/3/draw", [:], headers: auth)
            #expect(drawn.status == 200, "\(drawn.text)")
            #expect(drawn.json["entries"] as? Int == 0)
            #expect(drawn.json["selection_url"] as? String == "/api/v1/waves/3/selection")
            let funding = ["scheme_code": "2023", "scheme_version": 1, "amount": 100, "key": "k1"] as [String: Any]
            let forbidden = try await http.post("/api/v1/operator/budgets", funding, headers: auth)
            #expect(forbidden.status == 403, "an admin does not move money")
        }
    }
}

/// `datetime-local` values as the console's forms expect them (Jakarta time).
enum ConsoleTimeText {
    static func field(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Jakarta")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.string(from: date)
    }
}
