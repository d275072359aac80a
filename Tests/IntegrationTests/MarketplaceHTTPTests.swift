import Application
import Domain
import Foundation
import TestSupport
import Testing

/// A partner's signed client, as `scripts/partner-example.py` is: the exact body bytes are
/// signed with the client code, a millisecond timestamp, the method and the path.
struct PartnerClient {
    let http: HTTP
    let clientCode: String
    let signingKey: String

    func send(
        _ method: String, _ path: String, _ json: [String: Any]? = nil, headers extra: [String: String] = [:],
        timestamp: String? = nil, tamper: ((inout String) -> Void)? = nil
    ) async throws -> HTTP.Reply {
        let body =
            try json.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) } ?? ""
        let stamp = timestamp ?? String(Int64(Date().timeIntervalSince1970 * 1000))
        let signature = PartnerService.sign(
            PartnerSignature.message(
                clientCode: clientCode, timestamp: stamp, method: method, path: path, body: Array(body.utf8)),
            key: signingKey)
        var sent = body
        tamper?(&sent)
        var headers = ["client_code": clientCode, "timestamp": stamp, "signature": signature]
        if json != nil { headers["content-type"] = "application/json" }
        headers.merge(extra) { _, new in new }
        return try await http.request(method, path, body: json == nil ? nil : sent, headers: headers)
    }

    static func sandbox(_ http: HTTP) async throws -> (platform: PartnerClient, provider: PartnerClient) {
        let partners = try await http.get("/dev/partners.json").jsonArray
        func client(_ kind: String) throws -> PartnerClient {
            let partner = try #require(partners.first { $0["kind"] as? String == kind })
            return PartnerClient(
                http: http, clientCode: try #require(partner["client_code"] as? String),
                signingKey: try #require(partner["signing_key"] as? String))
        }
        return (try client("platform"), try client("provider"))
    }
}

extension HTTP.Reply {
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}

/// The marketplace over real HTTP against a real server, on both engines: the catalogue pages,
/// then a participant with a card buys a sandbox course through the demo platform's signed
/// requests with the SMS OTP, the demo provider redeems and completes it, the dashboard shows
/// the certificate, and `prakerja ledger verify` passes.
@Suite struct MarketplaceHTTPTests {
    /// A verified, selected participant: token, card number and phone (E.164).
    static func cardHolder(_ http: HTTP, server: ServerProcess) async throws -> (
        token: String, card: String, phone: String
    ) {
        func cli(_ arguments: [String]) async throws -> (status: Int32, output: String) {
            try await PrakerjaCommand.run(arguments, databaseURL: server.databaseURL)
        }
        let thisYear = Calendar(identifier: .gregorian).component(.year, from: Date())
        let person = try #require(
            try await http.get("/dev/identities.json").jsonArray.first { person in
                let year = Int((person["birth_date"] as? String ?? "").prefix(4)) ?? 0
                return (thisYear - 45...thisYear - 19).contains(year)
            })
        let province = String((person["nik"] as? String ?? "").prefix(2))
        #expect(
            try await cli([
                "wave", "create", "--number", "1", "--closes", "+3600", "--total", "1", "--quota", "\(province)=1",
                "--public-source", "drand",
            ]).status == 0)
        let token = try await WaveHTTPTests.participant(
            http, email: "pembeli@contoh.co.id", person: person, phone: "081298765430")
        let joined = try await http.post(
            "/api/v1/me/wave", ["consent": true], headers: ["Authorization": "Bearer \(token)"])
        #expect(joined.status == 201)
        #expect(try await cli(["wave", "fund", "--amount", "3500000", "--key", "dipa-1"]).status == 0)
        #expect(try await cli(["wave", "close", "1"]).status == 0)
        #expect(try await cli(["wave", "public-value", "1", "round 1"]).status == 0)
        #expect(try await cli(["wave", "draw", "1"]).status == 0)
        let standing = try await http.get("/api/v1/me/wave", headers: ["Authorization": "Bearer \(token)"]).json
        let card = try #require((standing["card"] as? [String: Any])?["number"] as? String)
        return (token, card, "+6281298765430")
    }

    /// The newest purchase OTP sent to `phone`.
    static func purchaseOTP(_ http: HTTP, to phone: String, after previous: String? = nil) async throws -> String {
        // Generous: under the whole suite's load the worker may take a while to deliver.
        let deadline = ContinuousClock.now + .seconds(45)
        while ContinuousClock.now < deadline {
            let box = try await http.get("/dev/sms.json?to=\(phone.replacingOccurrences(of: "+", with: "%2B"))")
            if let text = box.jsonArray.first?["text"] as? String, text.contains("OTP"),
                let range = text.range(of: #"\b\d{6}\b"#, options: .regularExpression),
                String(text[range]) != previous
            {
                return String(text[range])
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CancellationError()
    }

    @Test(arguments: TestEngine.allCases)
    func aParticipantBuysRedeemsAndCompletesASandboxCourse(engine: TestEngine) async throws {
        try await withServer(engine) { server, http in
            // The catalogue: the sandbox's approved courses, searched in either language.
            let catalogue = try await http.get("/pelatihan")
            #expect(catalogue.status == 200)
            #expect(catalogue.text.contains("Pemasaran Digital untuk UMKM"))
            #expect(catalogue.text.contains("4 pelatihan ditemukan"))
            #expect(try await http.get("/pelatihan?q=pemasar").text.contains("1 pelatihan ditemukan"))
            let english = try await http.get("/pelatihan?q=marketing&lang=en")
            #expect(english.text.contains("Pemasaran Digital") || english.text.contains("Digital Marketing"))
            let offline = try await http.get("/pelatihan?cara=offline").text
            #expect(offline.contains("Memasak Kue Kering") && !offline.contains("Pemasaran Digital"))
            #expect(try await http.get("/pelatihan?harga=500000").text.contains("0 pelatihan ditemukan"))

            let (platform, provider) = try await PartnerClient.sandbox(http)
            // Unsigned, badly signed, replayed, tampered, late: each refused with its code.
            let unsigned = try await http.get("/api/partner/v1/purchases/x")
            #expect(unsigned.status == 401)
            #expect(unsigned.errorCode == "signature_missing")
            let wrongKey = PartnerClient(http: http, clientCode: platform.clientCode, signingKey: provider.signingKey)
            #expect(try await wrongKey.send("GET", "/api/partner/v1/purchases/x").errorCode == "signature_invalid")
            let stamp = String(Int64(Date().timeIntervalSince1970 * 1000))
            #expect(try await platform.send("GET", "/api/partner/v1/purchases/x", timestamp: stamp).status == 404)
            let replayed = try await platform.send("GET", "/api/partner/v1/purchases/x", timestamp: stamp)
            #expect(replayed.status == 401)
            #expect(replayed.errorCode == "signature_replayed")
            let late = try await platform.send(
                "GET", "/api/partner/v1/purchases/x", timestamp: String(Int64(Date().timeIntervalSince1970) - 600))
            #expect(late.errorCode == "timestamp_outside_window")
            // A provider cannot sell.
            #expect(try await provider.send("GET", "/api/partner/v1/purchases/x").status == 403)

            let (token, card, phone) = try await Self.cardHolder(http, server: server)
            let course = try #require(
                catalogue.text.range(of: #"/pelatihan/([0-9a-f-]{36})">Pemasaran"#, options: .regularExpression)
                    .map { String(catalogue.text[$0].dropFirst("/pelatihan/".count).prefix(36)) })
            let detail = try await http.get("/pelatihan/\(course)")
            #expect(detail.text.contains("Rp750.000"))
            #expect(detail.text.contains("Pintar Kerja (demo)"))
            let courseJSON = try await platform.send("GET", "/api/partner/v1/courses/\(course)")
            #expect(courseJSON.status == 200)
            #expect(courseJSON.json["status"] as? String == "approved")
            let schedule = try #require(
                (courseJSON.json["schedules"] as? [[String: Any]])?.first?["id"] as? String)

            let order = ["card_number": card, "course_id": course, "schedule_id": schedule]
            let noKey = try await platform.send("POST", "/api/partner/v1/purchases", order)
            #expect(noKey.errorCode == "invalid_idempotency_key")
            var tampered = try await platform.send(
                "POST", "/api/partner/v1/purchases", order, headers: ["Idempotency-Key": "order-1"],
                tamper: { $0 = $0.replacingOccurrences(of: course, with: "x") })
            #expect(tampered.errorCode == "signature_invalid")
            let started = try await platform.send(
                "POST", "/api/partner/v1/purchases", order, headers: ["Idempotency-Key": "order-1"])
            #expect(started.status == 201, "\(started.text)")
            #expect(started.json["state"] as? String == "reserved")
            let purchase = try #require(started.json["id"] as? String)
            let again = try await platform.send(
                "POST", "/api/partner/v1/purchases", order, headers: ["Idempotency-Key": "order-1"])
            #expect(again.json["id"] as? String == purchase)

            let otp = try await Self.purchaseOTP(http, to: phone)
            let dashboard = PageTests.Browser(http)
            dashboard.cookies["prakerja_session"] = token
            #expect(try await dashboard.request("GET", "/dasbor").text.contains("data-step=\"give_purchase_otp\""))
            let wrong = try await platform.send(
                "POST", "/api/partner/v1/purchases/\(purchase)/authorise",
                ["otp": otp == "000000" ? "111111" : "000000"])
            #expect(wrong.status == 400)
            #expect(wrong.errorCode == "invalid_otp")
            let paid = try await platform.send("POST", "/api/partner/v1/purchases/\(purchase)/authorise", ["otp": otp])
            #expect(paid.status == 200, "\(paid.text)")
            #expect(paid.json["state"] as? String == "paid")
            let redeemCode = try #require(paid.json["redeem_code"] as? String)
            let me = try await http.get("/api/v1/me/wave", headers: ["Authorization": "Bearer \(token)"]).json
            #expect((me["card"] as? [String: Any])?["balance"] as? Int == 2_750_000)
            #expect(try await dashboard.request("GET", "/dasbor").text.contains(redeemCode))

            let checked = try await provider.send("GET", "/api/partner/v1/redemptions/\(redeemCode)")
            #expect(checked.json["state"] as? String == "paid")
            #expect(try await provider.send("POST", "/api/partner/v1/redemptions/\(redeemCode)/commit").status == 200)
            let twice = try await provider.send("POST", "/api/partner/v1/redemptions/\(redeemCode)/commit")
            #expect(twice.status == 409)
            #expect(twice.errorCode == "already_redeemed")
            let void = try await platform.send("POST", "/api/partner/v1/purchases/\(purchase)/void")
            #expect(void.status == 409)
            #expect(void.errorCode == "purchase_not_voidable")
            let attended = try await provider.send(
                "POST", "/api/partner/v1/redemptions/\(redeemCode)/attendance",
                ["sequence": 1, "attended_at": ISO8601DateFormatter().string(from: Date())])
            #expect(attended.json["attended_sessions"] as? [Int] == [1])
            let completed = try await provider.send(
                "POST", "/api/partner/v1/redemptions/\(redeemCode)/completion",
                [
                    "post_test_score": 88, "certificate_number": "SERT/DEMO/0001",
                    "certificate_url": "https://latih.example/sertifikat/0001",
                ])
            #expect(completed.json["state"] as? String == "completed", "\(completed.text)")
            let finished = try await dashboard.request("GET", "/dasbor").text
            #expect(finished.contains("SERT/DEMO/0001"))
            #expect(finished.contains("data-step=\"rate_training\""))

            let verify = try await PrakerjaCommand.run(["ledger", "verify"], databaseURL: server.databaseURL)
            #expect(verify.status == 0, "\(verify.output)")
            tampered = try await platform.send("GET", "/api/partner/v1/purchases/\(purchase)")
            #expect(tampered.json["state"] as? String == "completed")
        }
    }
}
