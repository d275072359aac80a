import Foundation
import TestSupport
import Testing

/// From registration to a verified identity, an eligibility decision and a verified phone over
/// the API, with the demo population in the local registry, on both engines.
@Suite struct IdentityAPITests {
    func signedUp(_ http: HTTP, email: String) async throws -> String {
        _ = try await http.register(email)
        let code = try await http.latestCode(to: email)
        let verified = try await http.post(
            "/api/v1/accounts/verify", ["email": email, "code": code, "password": "kucing-hitam-9"])
        return try #require(verified.json["token"] as? String)
    }

    static func form(for person: [String: Any], village: String) -> [String: Any] {
        let nik = person["nik"] as? String ?? ""
        let day = Int(nik.dropFirst(6).prefix(2)) ?? 0
        let district = String(nik.prefix(6))
        var form: [String: Any] = [
            "nik": nik, "family_card_number": person["kk"] ?? "", "full_name": person["full_name"] ?? "",
            "birth_date": person["birth_date"] ?? "", "sex": day > 40 ? "female" : "male", "education": "sma",
            "marital_status": "single", "dependants": "0", "employment": "unemployed",
            "not_in_formal_education": true, "declared_groups": [String](), "honesty_statement": true,
        ]
        for prefix in ["ktp", "current"] {
            form["\(prefix)_street"] = "Jl. Contoh 1"
            form["\(prefix)_province"] = String(district.prefix(2))
            form["\(prefix)_regency"] = String(district.prefix(4))
            form["\(prefix)_district"] = district
            form["\(prefix)_village"] = village
        }
        return form
    }

    @Test(arguments: TestEngine.allCases)
    func aSamplePersonGetsVerified(engine: TestEngine) async throws {
        try await withServer(engine) { _, http in
            let token = try await signedUp(http, email: "warga@contoh.co.id")
            let auth = ["Authorization": "Bearer \(token)"]
            // A sample person the 2023 scheme admits by age (18 to 64 this year or next).
            let thisYear = Calendar(identifier: .gregorian).component(.year, from: Date())
            let person = try #require(
                try await http.get("/dev/identities.json").jsonArray.first { person in
                    let year = Int((person["birth_date"] as? String ?? "").prefix(4)) ?? 0
                    return (thisYear - 63...thisYear - 19).contains(year)
                })
            let district = String((person["nik"] as? String ?? "").prefix(6))
            let villages = try await http.get("/api/v1/regions/\(district)").jsonArray
            let village = try #require(villages.first?["code"] as? String)
            #expect(try await http.get("/api/v1/regions/\(village)").status == 404)
            let form = Self.form(for: person, village: village)

            var broken = form
            broken["nik"] = "123"
            broken["honesty_statement"] = false
            let refused = try await http.post("/api/v1/me/identity", broken, headers: auth)
            #expect(refused.status == 422)
            let fields = (refused.json["error"] as? [String: Any])?["fields"] as? [String: String]
            #expect(fields?["nik"] == "not_16_digits")
            #expect(fields?["honesty_statement"] == "required")

            let early = try await http.post("/api/v1/me/phone", ["phone": "0812 3456 7890"], headers: auth)
            #expect(early.status == 403)

            let submitted = try await http.post("/api/v1/me/identity", form, headers: auth)
            #expect(submitted.status == 202)
            #expect(submitted.json["status"] as? String == "pending")

            var me: [String: Any] = [:]
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline {
                me = try await http.get("/api/v1/me", headers: auth).json
                if (me["identity"] as? [String: Any])?["status"] as? String != "pending" { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect((me["identity"] as? [String: Any])?["status"] as? String == "verified")
            #expect(me["stage"] as? String == "identity_verified")
            #expect(try await http.get("/api/v1/stats/funnel").json["identity_verified"] as? Int == 1)
            let eligibility = try #require(me["eligibility"] as? [String: Any])
            #expect(eligibility["eligible"] as? Bool == true)
            #expect(eligibility["scheme"] as? String == "2023")
            #expect((eligibility["reasons"] as? [Any])?.isEmpty == true)

            // The phone, with the code from the local SMS box.
            let invalid = try await http.post("/api/v1/me/phone", ["phone": "021 555 1234"], headers: auth)
            #expect(invalid.status == 422)
            #expect((invalid.json["error"] as? [String: Any])?["code"] as? String == "invalid_phone")
            let sent = try await http.post("/api/v1/me/phone", ["phone": "0812-3456-7890"], headers: auth)
            #expect(sent.status == 202)
            #expect(sent.json["phone"] as? String == "+6281234567890")
            let code = try await http.latestSMSCode(to: "+6281234567890")
            let wrong = try await http.post(
                "/api/v1/me/phone/verify", ["code": code == "000000" ? "111111" : "000000"], headers: auth)
            #expect(wrong.status == 400)
            let verified = try await http.post("/api/v1/me/phone/verify", ["code": code], headers: auth)
            #expect(verified.status == 200)
            #expect(verified.json["status"] as? String == "verified")
            me = try await http.get("/api/v1/me", headers: auth).json
            #expect(me["stage"] as? String == "phone_verified")
            #expect((me["phone"] as? [String: Any])?["verified"] as? Bool == true)
            #expect(try await http.get("/api/v1/stats/funnel").json["phone_verified"] as? Int == 1)

            // The same NIK from another account is refused without saying whose it is.
            let other = try await signedUp(http, email: "penyusup@contoh.co.id")
            let claimed = try await http.post(
                "/api/v1/me/identity", form, headers: ["Authorization": "Bearer \(other)"])
            #expect(claimed.status == 409)
            #expect((claimed.json["error"] as? [String: Any])?["code"] as? String == "nik_claimed")
            #expect(!claimed.text.contains("warga"))
        }
    }
}
