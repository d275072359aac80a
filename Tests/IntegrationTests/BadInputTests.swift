import AsyncHTTPClient
import Foundation
import TestSupport
import Testing

/// Bodies past the limits, unknown fields and malformed JSON get a stable code naming the
/// field, never a 5xx or a stack trace; nothing is stored.
@Suite struct BadInputTests {
    func error(_ reply: HTTP.Reply) -> (code: String?, fields: [String: String]?) {
        let error = reply.json["error"] as? [String: Any]
        return (error?["code"] as? String, error?["fields"] as? [String: String])
    }

    @Test(arguments: TestEngine.allCases)
    func eachLimitHasItsOwnCode(engine: TestEngine) async throws {
        try await withServer(engine) { _, http in
            let json = ["Content-Type": "application/json"]
            let unknown = try await http.post("/api/v1/accounts/resend", ["email": "a@contoh.id", "admin": true])
            #expect(unknown.status == 422)
            #expect(error(unknown).code == "unknown_field")
            #expect(error(unknown).fields == ["admin": "unknown_field"])

            let nested = try await http.post(
                "/api/v1/accounts",
                ["email": "a@contoh.id", "proof_of_work": ["challenge": "c", "nonce": "1", "bits": 0]])
            #expect(error(nested).fields == ["proof_of_work.bits": "unknown_field"])

            let long = try await http.post("/api/v1/accounts/resend", ["email": String(repeating: "a", count: 1_001)])
            #expect(long.status == 422)
            #expect(error(long).fields == ["email": "too_long"])

            let many = try await http.post(
                "/api/v1/me/identity", ["declared_groups": Array(repeating: "asn", count: 33)],
                headers: ["Authorization": "Bearer nobody"])
            // Unauthenticated requests are refused before their body is read.
            #expect(many.status == 401)

            let deep = try await http.request(
                "POST", "/api/v1/accounts/resend", body: #"{"email":{"a":{"b":{"c":{"d":1}}}}}"#, headers: json)
            #expect(deep.status == 422)
            #expect(error(deep).code == "too_deep")

            let repeated = try await http.request(
                "POST", "/api/v1/accounts/resend", body: #"{"email":"a@contoh.id","email":"b@contoh.id"}"#,
                headers: json)
            #expect(repeated.status == 400)
            #expect(error(repeated).code == "duplicate_field")
            #expect(error(repeated).fields == ["email": "duplicate_field"])

            for body in ["[1,2]", "\"text\"", "{\"email\":", "", "{\"email\":\"a@contoh.id\"} trailing"] {
                let reply = try await http.request("POST", "/api/v1/accounts/resend", body: body, headers: json)
                #expect(reply.status == 400, "\(body)")
                #expect(error(reply).code == "invalid_json", "\(body)")
            }

            let big = try await http.request(
                "POST", "/api/v1/accounts/resend",
                body: "{\"email\":\"" + String(repeating: "a", count: 70_000) + "\"}",
                headers: json)
            #expect(big.status == 413)
            #expect(error(big).code == "payload_too_large")

            let wrongType = try await http.request(
                "POST", "/api/v1/accounts/resend", body: "email=a@contoh.id",
                headers: ["Content-Type": "application/x-www-form-urlencoded"])
            #expect(wrongType.status == 415)
            #expect(error(wrongType).code == "unsupported_media_type")

            let missing = try await http.request("GET", "/api/v1/no-such-thing")
            #expect(missing.status == 404)
            #expect(error(missing).code == "not_found")

            for reply in [unknown, long, deep, big, missing] {
                let text = String(decoding: reply.body, as: UTF8.self)
                #expect(!text.contains("Swift") && !text.contains(".swift") && !text.contains("Error("))
            }
            #expect(try await http.get("/api/v1/stats/funnel").json["registered"] as? Int == 0)
        }
    }

    /// Headers are limited by the HTTP parser: an oversized one is refused with a 4xx (or the
    /// connection closed), and the server goes on serving.
    @Test func oversizedHeadersAreRefused() async throws {
        try await withServer(.sqlite) { _, http in
            let huge = String(repeating: "a", count: 100_000)
            // A 4xx, or the server closing the connection on the oversized head; any other
            // failure (the server gone, a timeout) fails the test.
            let status: Int?
            do {
                status = try await http.request("GET", "/api/v1/regions", headers: ["X-Padding": huge]).status
            } catch let error as HTTPClientError where error == .remoteConnectionClosed {
                status = nil
            }
            #expect(status == nil || (400..<500).contains(status ?? 0), "got \(status ?? 0)")
            let health = try await http.get("/health").status
            #expect(health == 200)
        }
    }

    @Test func tooManyItemsAndFieldsAreRefused() async throws {
        try await withServer(.sqlite) { _, http in
            let items = try await http.post(
                "/api/v1/accounts/resend", ["email": Array(repeating: "a@contoh.id", count: 33)])
            #expect(error(items).fields == ["email": "too_many_items"])
            var fields: [String: Any] = ["email": "a@contoh.id"]
            for index in 0..<64 { fields["f\(index)"] = 1 }
            let wide = try await http.post("/api/v1/accounts/resend", fields)
            #expect(error(wide).fields == ["body": "too_many_fields"])
        }
    }
}
