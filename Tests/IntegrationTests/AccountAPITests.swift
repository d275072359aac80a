import Application
import Foundation
import TestSupport
import Testing

/// The JSON API over real HTTP against a running `prakerja serve`, on both engines.
@Suite struct AccountAPITests {
    @Test(arguments: TestEngine.allCases)
    func registerVerifyLoginAndLogout(engine: TestEngine) async throws {
        try await withServer(engine) { _, http in
            let email = "budi.santoso@contoh.co.id"
            let registered = try await http.register(" Budi.Santoso@CONTOH.co.id".lowercased())
            #expect(registered.status == 202)
            let code = try await http.latestCode(to: email)

            let verified = try await http.post(
                "/api/v1/accounts/verify", ["email": email, "code": code, "password": "kucing-hitam-9"])
            #expect(verified.status == 200)
            let token = try #require(verified.json["token"] as? String)
            let account = try #require(verified.json["account"] as? [String: Any])
            #expect(account["stage"] as? String == "email_verified")

            let me = try await http.get("/api/v1/me", headers: ["Authorization": "Bearer \(token)"])
            #expect(me.status == 200)
            #expect(me.json["stage"] as? String == "email_verified")
            #expect((me.json["next_step"] as? [String: Any])?["key"] as? String == "next.submit_identity")

            let login = try await http.post("/api/v1/sessions", ["email": email, "password": "kucing-hitam-9"])
            #expect(login.status == 200)
            let challenge = try #require(login.json["challenge"] as? String)
            let loginCode = try await http.latestCode(to: email, after: 1)
            let session = try await http.post("/api/v1/sessions/verify", ["challenge": challenge, "code": loginCode])
            #expect(session.status == 200)
            let second = try #require(session.json["token"] as? String)

            let logout = try await http.request(
                "DELETE", "/api/v1/sessions/current", headers: ["Authorization": "Bearer \(second)"])
            #expect(logout.status == 204)
            #expect(try await http.get("/api/v1/me", headers: ["Authorization": "Bearer \(second)"]).status == 401)
            #expect(try await http.get("/api/v1/me", headers: ["Authorization": "Bearer \(token)"]).status == 200)

            let funnel = try await http.get("/api/v1/stats/funnel").json
            #expect(funnel["registered"] as? Int == 1)
            #expect(funnel["email_verified"] as? Int == 1)
            #expect(funnel["identity_verified"] as? Int == 0)
        }
    }

    /// Recovery over the API: the same 202 for every address, the emailed code and a new
    /// password, old sessions over; a wrong password at sign-in answers 401 at once.
    @Test(arguments: TestEngine.allCases)
    func passwordRecoveryOverTheAPI(engine: TestEngine) async throws {
        try await withServer(engine) { _, http in
            let email = "pulih@contoh.co.id"
            _ = try await http.register(email)
            let code = try await http.latestCode(to: email)
            let verified = try await http.post(
                "/api/v1/accounts/verify", ["email": email, "code": code, "password": "kucing-hitam-9"])
            let oldToken = try #require(verified.json["token"] as? String)
            #expect(verified.json["device_token"] as? String != nil)

            let wrong = try await http.post("/api/v1/sessions", ["email": email, "password": "kucing-hitam-8"])
            #expect(wrong.status == 401)
            #expect((wrong.json["error"] as? [String: Any])?["code"] as? String == "invalid_credentials")

            let known = try await http.post("/api/v1/password-resets", ["email": email])
            let unknown = try await http.post("/api/v1/password-resets", ["email": "tak.dikenal@contoh.co.id"])
            #expect(known.status == 202)
            #expect(unknown.status == 202)
            #expect(known.text == unknown.text)
            let resetCode = try await http.latestCode(to: email, after: 1)
            let bad = try await http.post(
                "/api/v1/password-resets/complete",
                ["email": email, "code": resetCode == "000000" ? "111111" : "000000", "password": "burung-biru-77"])
            #expect(bad.status == 400)
            #expect((bad.json["error"] as? [String: Any])?["code"] as? String == "invalid_code")
            let done = try await http.post(
                "/api/v1/password-resets/complete", ["email": email, "code": resetCode, "password": "burung-biru-77"])
            #expect(done.status == 200)
            #expect(done.json["status"] as? String == "password_changed")
            #expect(try await http.get("/api/v1/me", headers: ["Authorization": "Bearer \(oldToken)"]).status == 401)
            let login = try await http.post("/api/v1/sessions", ["email": email, "password": "burung-biru-77"])
            #expect(login.status == 200)
            #expect(login.json["guarded"] as? Bool == false)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func registrationRevealsNothingAboutExistingAccounts(engine: TestEngine) async throws {
        try await withServer(engine) { _, http in
            let first = try await http.register("siti@contoh.co.id")
            let again = try await http.register("siti@contoh.co.id")
            let other = try await http.register("rina@contoh.co.id")
            #expect(first.status == 202 && again.status == 202 && other.status == 202)
            #expect(first.body == again.body)
            #expect(first.body == other.body)
            let stats = try await http.get("/api/v1/stats/funnel").json
            #expect(stats["registered"] as? Int == 2)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func badInputGetsStableErrorCodes(engine: TestEngine) async throws {
        try await withServer(engine) { _, http in
            let invalid = try await http.register("budi@")
            #expect(invalid.status == 422)
            let error = try #require(invalid.json["error"] as? [String: Any])
            #expect(error["code"] as? String == "invalid_email")
            #expect((error["fields"] as? [String: String])?["email"] == "invalid_email")

            let missing = try await http.post("/api/v1/accounts", ["mail": "x"])
            #expect(missing.status == 422)
            #expect((missing.json["error"] as? [String: Any])?["code"] as? String == "missing_field")

            let broken = try await http.request(
                "POST", "/api/v1/accounts", body: "{\"email\":", headers: ["Content-Type": "application/json"])
            #expect(broken.status == 400)
            #expect((broken.json["error"] as? [String: Any])?["code"] as? String == "invalid_json")

            let form = try await http.request(
                "POST", "/api/v1/accounts", body: "email=a@b.id",
                headers: ["Content-Type": "application/x-www-form-urlencoded"])
            #expect(form.status == 415)

            let english = try await http.register("x", headers: ["Accept-Language": "en"])
            #expect(
                ((english.json["error"] as? [String: Any])?["message"] as? String)?.hasPrefix("This email address")
                    == true)

            let wrongCode = try await http.post(
                "/api/v1/accounts/verify",
                ["email": "nobody@contoh.co.id", "code": "123456", "password": "kucing-hitam-9"])
            #expect(wrongCode.status == 400)
            #expect((wrongCode.json["error"] as? [String: Any])?["code"] as? String == "invalid_code")

            let weak = try await http.post(
                "/api/v1/accounts/verify", ["email": "nobody@contoh.co.id", "code": "123456", "password": "12345678"])
            #expect(weak.status == 422)
            #expect((weak.json["error"] as? [String: Any])?["code"] as? String == "password_too_common")

            #expect(try await http.get("/api/v1/me").status == 401)
            #expect(try await http.get("/api/v1/me", headers: ["Authorization": "Bearer nonsense"]).status == 401)
        }
    }

    @Test func resendLimitAnswers429WithRetryAfter() async throws {
        try await withServer(.sqlite) { _, http in
            let email = "dewi@contoh.co.id"
            #expect(try await http.register(email).status == 202)
            for _ in 0..<5 {
                #expect(try await http.post("/api/v1/accounts/resend", ["email": email]).status == 202)
            }
            let limited = try await http.post("/api/v1/accounts/resend", ["email": email])
            #expect(limited.status == 429)
            let retryAfter = try #require(limited.header("Retry-After").flatMap(Int.init))
            #expect(retryAfter >= 1 && retryAfter <= 7200)
            #expect((limited.json["error"] as? [String: Any])?["code"] as? String == "rate_limited")
            // An address without an account gets exactly the same answers.
            for _ in 0..<6 {
                #expect(try await http.post("/api/v1/accounts/resend", ["email": "siapa@contoh.co.id"]).status == 202)
            }
            let unknown = try await http.post("/api/v1/accounts/resend", ["email": "siapa@contoh.co.id"])
            #expect(unknown.status == 429)
            #expect(unknown.json["error"] as? NSDictionary == limited.json["error"] as? NSDictionary)
        }
    }
}

/// Registration needs a solved proof-of-work challenge, used once.
@Suite struct ProofOfWorkAPITests {
    @Test func registrationNeedsAFreshSolvedChallenge() async throws {
        try await withServer(.sqlite) { _, http in
            let issued = try await http.post("/api/v1/challenges", [:])
            #expect(issued.status == 201)
            let challenge = try #require(issued.json["challenge"] as? String)
            #expect(issued.json["bits"] as? Int == 10)
            #expect(issued.json["algorithm"] as? String == "sha256-leading-zero-bits")
            func register(_ email: String, _ proof: [String: String]?) async throws -> HTTP.Reply {
                var body: [String: Any] = ["email": email]
                if let proof { body["proof_of_work"] = proof }
                return try await http.post("/api/v1/accounts", body)
            }
            func code(_ reply: HTTP.Reply) -> String? { (reply.json["error"] as? [String: Any])?["code"] as? String }

            let missing = try await register("a@contoh.co.id", nil)
            #expect(missing.status == 400)
            #expect(code(missing) == "proof_of_work_required")
            let nonce = ProofOfWork.solve(challenge)
            // A nonce that does not solve it (one in 1,024 arbitrary nonces would).
            let unsolved = try #require(
                (0..<100).lazy.map { "x\($0)" }.first { !ProofOfWork.solves(challenge, nonce: $0) })
            let wrong = try await register("a@contoh.co.id", ["challenge": challenge, "nonce": unsolved])
            #expect(wrong.status == 400)
            #expect(code(wrong) == "proof_of_work_invalid")
            // Lowering the difficulty written in the challenge breaks its signature.
            let parts = challenge.split(separator: ".").map(String.init)
            let easier = [parts[0], parts[1], "0", parts[3], parts[4]].joined(separator: ".")
            let forged = try await register("a@contoh.co.id", ["challenge": easier, "nonce": "1"])
            #expect(code(forged) == "proof_of_work_invalid")

            let accepted = try await register("a@contoh.co.id", ["challenge": challenge, "nonce": nonce])
            #expect(accepted.status == 202)
            let replayed = try await register("b@contoh.co.id", ["challenge": challenge, "nonce": nonce])
            #expect(replayed.status == 409)
            #expect(code(replayed) == "proof_of_work_replayed")
        }
    }
}

/// One request per registration: a cacheable seed, solved for the address being registered.
@Suite struct SeedProofOfWorkAPITests {
    @Test(arguments: TestEngine.allCases)
    func aSeedSolutionRegistersItsAddressInOneRequest(engine: TestEngine) async throws {
        try await withServer(engine) { _, http in
            let issued = try await http.get("/api/v1/challenges/seed")
            #expect(issued.status == 200)
            #expect(issued.header("Cache-Control")?.hasPrefix("public, max-age=") == true)
            #expect(issued.json["algorithm"] as? String == "sha256-seed-email-leading-zero-bits")
            let seed = try #require(issued.json["seed"] as? String)
            let bits = try #require(issued.json["bits"] as? Int)
            func register(_ email: String, _ nonce: String, seed: String = seed) async throws -> HTTP.Reply {
                try await http.post(
                    "/api/v1/accounts", ["email": email, "proof_of_work": ["seed": seed, "nonce": nonce]])
            }
            func code(_ reply: HTTP.Reply) -> String? { (reply.json["error"] as? [String: Any])?["code"] as? String }

            let nonce = ProofOfWork.solve(seed: seed, email: "Seed@Contoh.co.id", bits: bits)
            #expect(try await register("Seed@Contoh.co.id", nonce).status == 202)
            _ = try await http.latestCode(to: "Seed@Contoh.co.id")
            // The same solution again: the same address, nothing new (no second account, no
            // second mail at once: the resend limits apply).
            #expect(try await register("seed@contoh.co.id", nonce).status == 202)
            // For another address it is not a solution (unless by a 1-in-2^bits chance).
            let other = try await register("lain@contoh.co.id", nonce)
            if ProofOfWork.solve(seed: seed, email: "lain@contoh.co.id", bits: bits) != nonce {
                #expect(other.status == 400)
                #expect(code(other) == "proof_of_work_insufficient")
                #expect(
                    (other.json["error"] as? [String: Any]).flatMap { $0["fields"] as? [String: Any] }?[
                        "required_bits"] as? String == String(bits))
            }
            // A seed that is not ours.
            let forged = try await register("palsu@contoh.co.id", "1", seed: "s1.1.bukan")
            #expect(code(forged) == "proof_of_work_invalid")
            // One account from all of it.
            #expect(try await http.get("/api/v1/stats/funnel").json["registered"] as? Int == 1)
        }
    }
}

/// Limits on requests that check a secret or send a message, counted in the database so that
/// every server process shares them.
@Suite struct RateLimitTests {
    // Day-long windows, so the test never straddles one.
    static let limits = [
        "PRAKERJA_LIMIT_SECRET_CHECKS_PER_ADDRESS": "3/1d", "PRAKERJA_LIMIT_EMAILS_PER_EMAIL": "2/1d",
    ]

    /// Behind a trusted load balancer each client counts on its own forwarded address; from
    /// anyone else the header is ignored, so it cannot be used to dodge a limit.
    @Test func perAddressLimitsCountTheForwardedClientOnlyBehindATrustedProxy() async throws {
        let limits = ["PRAKERJA_LIMIT_SECRET_CHECKS_PER_ADDRESS": "2/1d"]
        func attempts(_ http: HTTP, from addresses: [String]) async throws -> [Int] {
            var statuses: [Int] = []
            for (index, address) in addresses.enumerated() {
                statuses.append(
                    try await http.post(
                        "/api/v1/sessions", ["email": "orang\(index)@contoh.co.id", "password": "x"],
                        headers: ["X-Forwarded-For": address]
                    ).status)
            }
            return statuses
        }
        let spread = ["198.51.100.1", "198.51.100.1", "198.51.100.2", "198.51.100.2", "198.51.100.1"]
        try await withServer(
            .sqlite, environment: limits.merging(["PRAKERJA_TRUSTED_PROXIES": "127.0.0.1, ::1"]) { $1 }
        ) {
            _, http in
            let statuses = try await attempts(http, from: spread)
            #expect(statuses == [401, 401, 401, 401, 429])
        }
        try await withServer(.sqlite, environment: limits) { _, http in
            let statuses = try await attempts(http, from: spread)
            #expect(statuses == [401, 401, 429, 429, 429])
        }
    }

    @Test(arguments: TestEngine.allCases)
    func limitsAreSharedByEveryProcessOnTheDatabase(engine: TestEngine) async throws {
        try await withServer(engine, environment: Self.limits) { server, first in
            let process = try await ServerProcess.start(databaseURL: server.databaseURL, environment: Self.limits)
            let second = HTTP(process.baseURL)
            var statuses: [Int] = []
            for http in [first, second, first, second] {
                statuses.append(
                    try await http.post("/api/v1/sessions", ["email": "a@contoh.co.id", "password": "x"]).status)
            }
            #expect(statuses == [401, 401, 401, 429])
            let limited = try await first.post("/api/v1/sessions/verify", ["challenge": "c", "code": "123456"])
            #expect(limited.status == 429)
            #expect((limited.json["error"] as? [String: Any])?["code"] as? String == "rate_limited")
            #expect(limited.header("Retry-After").flatMap(Int.init) ?? 0 >= 1)

            // Per email, whether or not it has an account: the same answer for both.
            for http in [first, second] {
                #expect(try await http.register("ada@contoh.co.id").status == 202)
                #expect(try await http.post("/api/v1/accounts/resend", ["email": "tiada@contoh.co.id"]).status == 202)
            }
            let known = try await first.register("ada@contoh.co.id")
            let unknown = try await second.post("/api/v1/accounts/resend", ["email": "tiada@contoh.co.id"])
            #expect(known.status == 429)
            #expect(unknown.status == 429)
            #expect(known.json["error"] as? NSDictionary == unknown.json["error"] as? NSDictionary)
            // Another address is not held back by them.
            #expect(try await second.register("lain@contoh.co.id").status == 202)

            // Pages share the limit and answer in the person's language.
            let browser = PageTests.Browser(second)
            let token = browser.csrf(in: try await browser.request("GET", "/masuk").text)
            let page = try await browser.request(
                "POST", "/masuk", form: ["email": "a@contoh.co.id", "password": "x", "_csrf": token])
            #expect(page.status == 429)
            #expect(page.text.contains("Terlalu banyak percobaan"))
            #expect(page.header("Retry-After") != nil)
            await process.stop()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aPasswordChangeRevokesEveryToken(engine: TestEngine) async throws {
        try await withServer(engine) { _, http in
            _ = try await http.register("sandi@contoh.co.id")
            let code = try await http.latestCode(to: "sandi@contoh.co.id")
            let verified = try await http.post(
                "/api/v1/accounts/verify", ["email": "sandi@contoh.co.id", "code": code, "password": "kucing-hitam-9"])
            let old = try #require(verified.json["token"] as? String)
            let wrong = try await http.post(
                "/api/v1/me/password", ["current_password": "salah-tebak", "password": "burung-biru-77"],
                headers: ["Authorization": "Bearer \(old)"])
            #expect(wrong.status == 400)
            #expect((wrong.json["error"] as? [String: Any])?["code"] as? String == "wrong_password")
            let changed = try await http.post(
                "/api/v1/me/password", ["current_password": "kucing-hitam-9", "password": "burung-biru-77"],
                headers: ["Authorization": "Bearer \(old)"])
            #expect(changed.status == 200)
            let new = try #require(changed.json["token"] as? String)
            #expect(try await http.get("/api/v1/me", headers: ["Authorization": "Bearer \(old)"]).status == 401)
            #expect(try await http.get("/api/v1/me", headers: ["Authorization": "Bearer \(new)"]).status == 200)
        }
    }
}
