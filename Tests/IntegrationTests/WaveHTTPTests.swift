import Application
import Foundation
import TestSupport
import Testing

/// A wave end to end against a real server and the real command line, on both engines: the
/// operator creates and funds it from the CLI, people who are eligible and verified join over
/// the API, the operator closes it, enters the public value and draws; the published file
/// verifies with `prakerja selection verify`, the selected see their card and balance, and
/// `prakerja ledger verify` passes.
@Suite struct WaveHTTPTests {
    /// Registers, verifies the email, the identity (a demo person) and the phone; the bearer token.
    static func participant(_ http: HTTP, email: String, person: [String: Any], phone: String) async throws -> String {
        _ = try await http.register(email)
        let code = try await http.latestCode(to: email)
        let verified = try await http.post(
            "/api/v1/accounts/verify", ["email": email, "code": code, "password": "kucing-hitam-9"])
        let token = try #require(verified.json["token"] as? String)
        let auth = ["Authorization": "Bearer \(token)"]
        let district = String((person["nik"] as? String ?? "").prefix(6))
        let village = try #require(
            try await http.get("/api/v1/regions/\(district)").jsonArray.first?["code"] as? String)
        #expect(
            try await http.post(
                "/api/v1/me/identity", IdentityAPITests.form(for: person, village: village), headers: auth
            )
            .status == 202)
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let me = try await http.get("/api/v1/me", headers: auth).json
            if (me["identity"] as? [String: Any])?["status"] as? String != "pending" { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try await http.post("/api/v1/me/phone", ["phone": phone], headers: auth).status == 202)
        let e164 = "+62" + phone.dropFirst()
        let sms = try await http.latestSMSCode(to: e164)
        #expect(try await http.post("/api/v1/me/phone/verify", ["code": sms], headers: auth).status == 200)
        try await passTheTest(http, auth: auth)
        return token
    }

    /// The right answers, from the bank in the repository (the API never sends them).
    static let rightAnswers: [String: Int] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let data =
            (try? Data(contentsOf: root.appendingPathComponent("Sources/Application/Resources/Test/questions.json")))
            ?? Data()
        let items =
            ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?["items"] as? [[String: Any]] ?? []
        var answers: [String: Int] = [:]
        for item in items { answers[item["id"] as? String ?? ""] = item["correct"] as? Int ?? 2 }
        return answers
    }()

    /// Takes the basic test over the API and passes it; a person who has not cannot join.
    static func passTheTest(_ http: HTTP, auth: [String: String]) async throws {
        let early = try await http.post("/api/v1/me/wave", ["consent": true], headers: auth)
        #expect((early.json["error"] as? [String: Any])?["code"] as? String == "not_ready")
        let sitting = try await http.post("/api/v1/me/test", [:], headers: auth)
        #expect(sitting.status == 201)
        let questions = sitting.json["questions"] as? [[String: Any]] ?? []
        #expect(questions.count == 18)
        #expect(!sitting.text.contains("correct"))
        var answers: [String: Int] = [:]
        for question in questions {
            let id = question["id"] as? String ?? ""
            answers[id] = rightAnswers[id] ?? 0
        }
        #expect(try await http.post("/api/v1/me/test/answers", ["answers": answers], headers: auth).status == 200)
        let result = try await http.post("/api/v1/me/test/submit", [:], headers: auth)
        #expect(result.json["status"] as? String == "passed")
    }

    /// The test on pages, without JavaScript: start, answer, save, finish, see the result.
    @Test func theBasicTestWorksOnPages() async throws {
        try await withServer(.sqlite) { _, http in
            let email = "tes.halaman@contoh.co.id"
            _ = try await http.register(email)
            let code = try await http.latestCode(to: email)
            let verified = try await http.post(
                "/api/v1/accounts/verify", ["email": email, "code": code, "password": "kucing-hitam-9"])
            let browser = PageTests.Browser(http)
            browser.cookies["prakerja_session"] = try #require(verified.json["token"] as? String)
            let intro = try await browser.request("GET", "/tes")
            #expect(intro.text.contains("action=\"/tes/mulai\""))
            let started = try await browser.request("POST", "/tes/mulai", form: ["_csrf": browser.csrf(in: intro.text)])
            #expect(started.status == 303)
            let page = try await browser.request("GET", "/tes")
            let ids = page.text.components(separatedBy: "name=\"q_").dropFirst().map {
                String($0.prefix { $0 != "\"" })
            }
            let questions = Array(Set(ids))
            #expect(questions.count == 18)
            var form: [String: String] = ["_csrf": browser.csrf(in: page.text), "action": "save"]
            for id in questions.prefix(9) { form["q_\(id)"] = String(Self.rightAnswers[id] ?? 0) }
            #expect(try await browser.request("POST", "/tes", form: form).status == 303)
            let saved = try await browser.request("GET", "/tes")
            #expect(saved.text.components(separatedBy: " checked").count - 1 == 9, "saved answers are shown again")
            for id in questions { form["q_\(id)"] = String(Self.rightAnswers[id] ?? 0) }
            form["action"] = "submit"
            #expect(try await browser.request("POST", "/tes", form: form).status == 303)
            let result = try await browser.request("GET", "/tes")
            #expect(result.text.contains("Anda lulus tes"))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func anOperatorRunsAWaveFromTheCommandLine(engine: TestEngine) async throws {
        try await withServer(engine) { server, http in
            func cli(_ arguments: [String]) async throws -> (status: Int32, output: String) {
                try await PrakerjaCommand.run(arguments, databaseURL: server.databaseURL)
            }
            let thisYear = Calendar(identifier: .gregorian).component(.year, from: Date())
            var households = Set<String>()
            let people = try await http.get("/dev/identities.json").jsonArray.filter { person in
                let year = Int((person["birth_date"] as? String ?? "").prefix(4)) ?? 0
                guard (thisYear - 63...thisYear - 19).contains(year) else { return false }
                return households.insert(person["kk"] as? String ?? "").inserted
            }.prefix(3)
            #expect(people.count == 3)
            let provinces = Set(people.map { String(($0["nik"] as? String ?? "").prefix(2)) })
            let quota = provinces.sorted().map { "\($0)=2" }.joined(separator: ",")

            let created = try await cli([
                "wave", "create", "--number", "1", "--closes", "+3600", "--total", "2", "--quota", quota,
                "--public-source", "drand quicknet, first round after the close",
            ])
            #expect(created.status == 0, "\(created.output)")
            let listed = try await http.get("/api/v1/waves").jsonArray
            #expect(listed.first?["phase"] as? String == "open")
            #expect((listed.first?["commitment"] as? String)?.count == 64)

            var tokens: [String] = []
            for (index, person) in people.enumerated() {
                let token = try await Self.participant(
                    http, email: "gelombang\(index)@contoh.co.id", person: person, phone: "081234567\(index)0")
                tokens.append(token)
                if index == 2 {
                    // The last one joins from the dashboard, as a person on a phone would.
                    let browser = PageTests.Browser(http)
                    browser.cookies["prakerja_session"] = token
                    let dashboard = try await browser.request("GET", "/dasbor")
                    #expect(dashboard.text.contains("id=\"join-wave\""))
                    let joined = try await browser.request(
                        "POST", "/gelombang/gabung",
                        form: ["consent": "yes", "_csrf": browser.csrf(in: dashboard.text)])
                    #expect(joined.status == 303)
                    let after = try await browser.request("GET", "/dasbor")
                    #expect(after.text.contains("Menunggu gelombang ditutup"))
                    #expect(!after.text.contains("id=\"join-wave\""))
                    continue
                }
                let refused = try await http.post(
                    "/api/v1/me/wave", ["consent": false], headers: ["Authorization": "Bearer \(token)"])
                #expect(refused.status == 422)
                let joined = try await http.post(
                    "/api/v1/me/wave", ["consent": true], headers: ["Authorization": "Bearer \(token)"])
                #expect(joined.status == 201, "\(joined.text)")
                #expect(joined.json["status"] as? String == "waiting_for_close")
                #expect(joined.json["status_text"] as? String == "Menunggu gelombang ditutup")
            }
            let again = try await http.post(
                "/api/v1/me/wave", ["consent": true], headers: ["Authorization": "Bearer \(tokens[0])"])
            #expect(again.status == 409)

            #expect(try await cli(["wave", "fund", "--amount", "7000000", "--key", "dipa-2026-1"]).status == 0)
            #expect(try await cli(["wave", "close", "1"]).status == 0)
            let status = try await http.get("/api/v1/me/wave", headers: ["Authorization": "Bearer \(tokens[0])"])
            #expect(status.json["status"] as? String == "in_selection")
            #expect(try await cli(["wave", "public-value", "1", "round 4242: 0a1b2c3d"]).status == 0)
            let drawn = try await cli(["wave", "draw", "1"])
            #expect(drawn.status == 0, "\(drawn.output)")

            let selection = try await http.get("/api/v1/waves/1/selection")
            #expect(selection.status == 200)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent(
                "seleksi-\(UUID().uuidString).json")
            try selection.body.write(to: file)
            let verified = try await cli(["selection", "verify", file.path])
            #expect(verified.status == 0, "\(verified.output)")
            #expect(verified.output.contains("2 selected"))

            var selected = 0
            for token in tokens {
                let standing = try await http.get("/api/v1/me/wave", headers: ["Authorization": "Bearer \(token)"]).json
                let card = standing["card"] as? [String: Any]
                let browser = PageTests.Browser(http)
                browser.cookies["prakerja_session"] = token
                let dashboard = try await browser.request("GET", "/dasbor").text
                if standing["status"] as? String == "selected" {
                    selected += 1
                    #expect(dashboard.contains("Rp3.500.000"))
                    #expect(dashboard.contains("Lolos"))
                    #expect(card?["balance"] as? Int == 3_500_000)
                    #expect((card?["number"] as? String)?.count == 16)
                } else {
                    #expect(standing["status"] as? String == "not_selected")
                    #expect(card == nil)
                    #expect(dashboard.contains("Belum berhasil"))
                }
                #expect((standing["entry_id"] as? String)?.hasPrefix("E") == true)
            }
            #expect(selected == 2)
            let wavesPage = try await http.get("/gelombang")
            #expect(wavesPage.text.contains("/api/v1/waves/1/selection"))
            let statistics = try await http.get("/statistik")
            #expect(statistics.text.contains("data-wave=\"1\""))
            #expect(statistics.text.contains("/api/v1/waves/1/selection"))
            #expect(statistics.text.contains("<td class=\"num\">2</td>"), "the places of a province")
            let ledger = try await cli(["ledger", "verify"])
            #expect(ledger.status == 0, "\(ledger.output)")
            #expect(ledger.output.contains("debits equal credits"))
        }
    }
}
