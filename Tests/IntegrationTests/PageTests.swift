import Application
import Foundation
import TestSupport
import Testing

/// The pages over HTTP, the way a browser without JavaScript uses them.
@Suite struct PageTests {
    /// Cookies kept between requests, like a browser's.
    final class Browser: @unchecked Sendable {
        let http: HTTP
        var cookies: [String: String] = [:]

        init(_ http: HTTP) { self.http = http }

        func request(_ method: String, _ path: String, form: [String: String]? = nil, headers: [String: String] = [:])
            async throws -> HTTP.Reply
        {
            var headers = headers
            if !cookies.isEmpty { headers["Cookie"] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
            var body: String?
            if let form {
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                body = form.map {
                    "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
                }.joined(separator: "&")
            }
            let reply = try await http.request(method, path, body: body, headers: headers)
            for header in reply.headers("Set-Cookie") {
                let pair = header.split(separator: ";").first?.split(separator: "=", maxSplits: 1) ?? []
                if pair.count == 2 {
                    cookies[String(pair[0])] = String(pair[1])
                } else if pair.count == 1 {
                    cookies[String(pair[0])] = nil
                }
                if header.contains("Max-Age=0"), let name = pair.first { cookies[String(name)] = nil }
            }
            return reply
        }

        func csrf(in html: String) -> String {
            guard let range = html.range(of: #"name="_csrf" value="[^"]+""#, options: .regularExpression) else {
                return ""
            }
            return String(html[range].dropFirst(#"name="_csrf" value=""#.count).dropLast())
        }
    }

    @Test(arguments: TestEngine.allCases)
    func registerVerifyAndSeeTheDashboard(engine: TestEngine) async throws {
        try await withServer(engine) { _, http in
            let browser = Browser(http)
            let page = try await browser.request("GET", "/daftar")
            #expect(page.status == 200)
            #expect(page.text.contains("<label for=\"email\">Alamat email</label>"))
            let setCookies = page.headers("Set-Cookie").joined(separator: " | ")
            #expect(setCookies.contains("HttpOnly") && setCookies.contains("SameSite=Lax"))
            let token = browser.csrf(in: page.text)
            #expect(!token.isEmpty)

            let refused = try await browser.request("POST", "/daftar", form: ["email": "ani@contoh.co.id"])
            #expect(refused.status == 403)

            let invalid = try await browser.request("POST", "/daftar", form: ["email": "ani@", "_csrf": token])
            #expect(invalid.status == 422)
            #expect(invalid.text.contains("Alamat email tidak valid"))
            #expect(invalid.text.contains("aria-invalid=\"true\""))

            // The page's script solves the challenge; a client without JavaScript is asked to wait.
            let waitRedirect = try await browser.request(
                "POST", "/daftar", form: ["email": "ani@contoh.co.id", "_csrf": token])
            #expect(waitRedirect.status == 303)
            let waiting = try await browser.request("GET", try #require(waitRedirect.header("Location")))
            #expect(waiting.text.contains("name=\"wait_token\""))
            let seed = try #require(Self.hidden("pow_seed", in: page.text))
            #expect(page.text.contains("<script src=\"/static/pow.js\" defer></script>"))
            let bits = try #require(
                page.text.range(of: #"data-pow-bits="\d+""#, options: .regularExpression).map {
                    Int(page.text[$0].dropFirst(#"data-pow-bits=""#.count).dropLast()) ?? 0
                })
            let registered = try await browser.request(
                "POST", "/daftar",
                form: [
                    "email": "ani@contoh.co.id", "_csrf": token, "pow_seed": seed,
                    "pow_nonce": ProofOfWork.solve(seed: seed, email: "ani@contoh.co.id", bits: bits),
                ])
            #expect(registered.status == 303)
            #expect(registered.header("Location") == "/verifikasi?email=ani%40contoh.co.id")

            let code = try await http.latestCode(to: "ani@contoh.co.id")
            // Asking for the code again answers with a redirect to the page that says it was sent.
            let resent = try await browser.request(
                "POST", "/verifikasi/kirim-ulang", form: ["email": "ani@contoh.co.id", "_csrf": token])
            #expect(resent.status == 303)
            #expect(resent.header("Location") == "/verifikasi?email=ani%40contoh.co.id&dikirim=1")
            #expect(
                try await browser.request("GET", "/verifikasi?email=ani%40contoh.co.id&dikirim=1").text.contains(
                    "role=\"status\""))
            let verifyPage = try await browser.request("GET", "/verifikasi?email=ani%40contoh.co.id&code=\(code)")
            #expect(verifyPage.text.contains("value=\"\(code)\""))
            let weak = try await browser.request(
                "POST", "/verifikasi",
                form: ["email": "ani@contoh.co.id", "code": code, "password": "password", "_csrf": token])
            #expect(weak.status == 422)
            #expect(weak.text.contains("terlalu umum"))
            let verified = try await browser.request(
                "POST", "/verifikasi",
                form: ["email": "ani@contoh.co.id", "code": code, "password": "kucing-hitam-9", "_csrf": token])
            #expect(verified.status == 303)
            #expect(verified.header("Location") == "/dasbor")
            #expect(
                verified.headers("Set-Cookie").contains { $0.hasPrefix("prakerja_session=") && $0.contains("HttpOnly") }
            )

            let dashboard = try await browser.request("GET", "/dasbor")
            #expect(dashboard.status == 200)
            #expect(dashboard.text.contains("data-stage=\"email_verified\""))
            #expect(dashboard.text.contains("Lengkapi data diri"))

            // A page that does not exist still knows who is signed in.
            let missing = try await browser.request("GET", "/tidak-ada")
            #expect(missing.status == 404)
            #expect(missing.text.contains("action=\"/keluar\"") && !missing.text.contains("href=\"/daftar\""))

            let english = try await browser.request("GET", "/dasbor?lang=en")
            #expect(english.text.contains("Step 2 of 6: Email verified"))
            #expect(try await browser.request("GET", "/dasbor").text.contains("Step 2 of 6"))

            // Signed in, forms carry a token bound to the session: the one from before sign-in
            // no longer works.
            #expect(try await browser.request("POST", "/keluar", form: ["_csrf": token]).status == 403)
            let logout = try await browser.request("POST", "/keluar", form: ["_csrf": browser.csrf(in: dashboard.text)])
            #expect(logout.status == 303)
            #expect(try await browser.request("GET", "/dasbor").status == 303)
        }
    }

    /// Another browser's CSRF cookie and token, sent with the victim's session cookie, are
    /// refused: the token is bound to the session.
    @Test func aCSRFTokenFromAnotherBrowserDoesNotWorkWithTheVictimsSession() async throws {
        try await withServer(.sqlite) { _, http in
            let email = "korban@contoh.co.id"
            _ = try await http.register(email)
            let code = try await http.latestCode(to: email)
            let verified = try await http.post(
                "/api/v1/accounts/verify", ["email": email, "code": code, "password": "kucing-hitam-9"])
            let session = try #require(verified.json["token"] as? String)

            let attacker = Browser(http)
            let attackerToken = attacker.csrf(in: try await attacker.request("GET", "/daftar").text)
            let attackerCookie = try #require(attacker.cookies["prakerja_csrf"])

            let victim = Browser(http)
            victim.cookies["prakerja_session"] = session
            let forged = Browser(http)
            forged.cookies = ["prakerja_session": session, "prakerja_csrf": attackerCookie]
            let refused = try await forged.request("POST", "/keluar", form: ["_csrf": attackerToken])
            #expect(refused.status == 403)
            #expect(try await victim.request("GET", "/dasbor").status == 200, "the session survived")
            // The victim's own page works.
            let own = victim.csrf(in: try await victim.request("GET", "/dasbor").text)
            #expect(try await victim.request("POST", "/keluar", form: ["_csrf": own]).status == 303)
        }
    }

    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"[^\"]*\"", options: .regularExpression) else {
            return nil
        }
        return String(html[range].dropFirst("name=\"\(name)\" value=\"".count).dropLast())
    }

    @Test func withoutJavaScriptAShortWaitReplacesTheProofOfWork() async throws {
        try await withServer(.sqlite) { _, http in
            let browser = Browser(http)
            let token = browser.csrf(in: try await browser.request("GET", "/daftar").text)
            let asked = try await browser.request(
                "POST", "/daftar", form: ["email": "tanpa-js@contoh.co.id", "_csrf": token])
            #expect(asked.status == 303)
            let waiting = try await browser.request("GET", try #require(asked.header("Location")))
            #expect(waiting.text.contains("tunggu 3 detik"))
            #expect(waiting.text.contains("value=\"tanpa-js@contoh.co.id\""))
            let wait = try #require(Self.hidden("wait_token", in: waiting.text))
            let early = try await browser.request(
                "POST", "/daftar", form: ["email": "tanpa-js@contoh.co.id", "_csrf": token, "wait_token": wait])
            #expect(early.status == 303)
            #expect(early.header("Location")?.hasPrefix("/daftar/tunggu?") == true)
            try await Task.sleep(for: .seconds(3))
            let form = ["email": "tanpa-js@contoh.co.id", "_csrf": token, "wait_token": wait]
            #expect(try await browser.request("POST", "/daftar", form: form).status == 303)
            // A waiting token admits one registration.
            #expect(try await browser.request("POST", "/daftar", form: form).status == 400)
        }
    }

    @Test func loginThroughThePages() async throws {
        try await withServer(.sqlite) { _, http in
            let email = "joko@contoh.co.id"
            _ = try await http.register(email)
            let code = try await http.latestCode(to: email)
            _ = try await http.post(
                "/api/v1/accounts/verify", ["email": email, "code": code, "password": "kucing-hitam-9"])

            let browser = Browser(http)
            let token = browser.csrf(in: try await browser.request("GET", "/masuk").text)
            let passwordTaken = try await browser.request(
                "POST", "/masuk", form: ["email": email, "password": "kucing-hitam-9", "_csrf": token])
            #expect(passwordTaken.status == 303)
            #expect(passwordTaken.header("Location") == "/masuk/kode")
            let codePage = try await browser.request("GET", "/masuk/kode")
            #expect(codePage.status == 200)
            let challenge = try #require(
                codePage.text.range(of: #"name="challenge" value="[^"]+""#, options: .regularExpression).map {
                    String(codePage.text[$0].dropFirst(#"name="challenge" value=""#.count).dropLast())
                })
            let loginCode = try await http.latestCode(to: email, after: 1)
            let wrong = try await browser.request(
                "POST", "/masuk/kode",
                form: ["challenge": challenge, "code": loginCode == "000000" ? "111111" : "000000", "_csrf": token])
            #expect(wrong.status == 400)
            #expect(wrong.text.contains("Kode salah"))
            let done = try await browser.request(
                "POST", "/masuk/kode", form: ["challenge": challenge, "code": loginCode, "_csrf": token])
            #expect(done.status == 303)
            #expect(try await browser.request("GET", "/dasbor").status == 200)
            // The sign-in's challenge cookie is gone; the code page sends a newcomer back to the start.
            #expect(browser.cookies["prakerja_login"] == nil)
            #expect(try await Browser(http).request("GET", "/masuk/kode").header("Location") == "/masuk")
        }
    }

    /// A mistyped password is told at the password step; "Lupa kata sandi?" leads to a code by
    /// email and a new password, after which the old sessions are over and the new password works.
    @Test func aWrongPasswordIsSaidPlainlyAndRecoveryWorksThroughThePages() async throws {
        try await withServer(.sqlite) { _, http in
            let email = "rina@contoh.co.id"
            _ = try await http.register(email)
            let code = try await http.latestCode(to: email)
            let verified = try await http.post(
                "/api/v1/accounts/verify", ["email": email, "code": code, "password": "kucing-hitam-9"])
            let oldToken = try #require(verified.json["token"] as? String)

            let browser = Browser(http)
            let loginPage = try await browser.request("GET", "/masuk")
            #expect(loginPage.text.contains("href=\"/lupa-sandi\""))
            let token = browser.csrf(in: loginPage.text)
            let wrong = try await browser.request(
                "POST", "/masuk", form: ["email": email, "password": "kucing-hitam-8", "_csrf": token])
            #expect(wrong.status == 422)
            #expect(wrong.text.contains("Email atau kata sandi salah"))
            #expect(!wrong.text.contains("name=\"challenge\""))

            let form = try await browser.request("GET", "/lupa-sandi")
            #expect(form.status == 200)
            let asked = try await browser.request(
                "POST", "/lupa-sandi", form: ["email": email, "_csrf": browser.csrf(in: form.text)])
            #expect(asked.status == 303)
            #expect(asked.header("Location") == "/lupa-sandi/baru?email=rina%40contoh.co.id")
            let unknown = try await browser.request(
                "POST", "/lupa-sandi", form: ["email": "siapa@contoh.co.id", "_csrf": browser.csrf(in: form.text)])
            #expect(unknown.status == 303, "the same answer for an address without an account")

            let resetCode = try await http.latestCode(to: email, after: 1)
            let resetPage = try await browser.request(
                "GET", "/lupa-sandi/baru?email=rina%40contoh.co.id&code=\(resetCode)")
            #expect(resetPage.text.contains("value=\"\(resetCode)\""))
            let done = try await browser.request(
                "POST", "/lupa-sandi/baru",
                form: [
                    "email": email, "code": resetCode, "password": "burung-biru-77",
                    "_csrf": browser.csrf(in: resetPage.text),
                ])
            #expect(done.status == 303)
            #expect(done.header("Location") == "/masuk?diganti=1")
            #expect(try await browser.request("GET", "/masuk?diganti=1").text.contains("Kata sandi Anda sudah diganti"))
            #expect(try await http.get("/api/v1/me", headers: ["Authorization": "Bearer \(oldToken)"]).status == 401)
            let again = try await browser.request(
                "POST", "/masuk", form: ["email": email, "password": "burung-biru-77", "_csrf": token])
            #expect(again.status == 303)
            #expect(try await browser.request("GET", "/masuk/kode").text.contains("name=\"challenge\""))
        }
    }

    @Test func pagesAreLightAccessibleAndSafe() async throws {
        try await withServer(.sqlite) { _, http in
            _ = try await http.register("a@contoh.co.id")
            // The mailbox page below must show a message: wait for the outbox to send it.
            _ = try await http.latestCode(to: "a@contoh.co.id")
            for path in [
                "/", "/daftar", "/verifikasi", "/masuk", "/statistik", "/dev/mailbox", "/dev/sms", "/dev/identities",
            ] {
                let page = try await http.get(path)
                #expect(page.status == 200, "\(path)")
                #expect(page.body.count < 30 * 1024, "\(path) is \(page.body.count) bytes")
                #expect(page.text.hasPrefix("<!doctype html>"))
                #expect(page.text.contains("<html lang=\"id\">"))
                // Scripts only from our own files, never inline.
                let scripts = page.text.components(separatedBy: "<script").dropFirst()
                #expect(scripts.allSatisfy { $0.hasPrefix(" src=\"/static/") }, "\(path) has an inline script")
                #expect(!page.text.contains("style=\""), "\(path) has inline style")
                #expect(page.header("Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
                #expect(page.header("X-Content-Type-Options") == "nosniff")
                // Every input has a label.
                let inputs = page.text.components(separatedBy: "<input id=\"").dropFirst().map {
                    $0.prefix { $0 != "\"" }
                }
                for id in inputs {
                    #expect(page.text.contains("<label for=\"\(id)\">"), "\(path): input \(id) has no label")
                }
            }
            // The development mailbox says when in Jakarta time, as a person there reads it.
            let mailbox = try await http.get("/dev/mailbox")
            #expect(mailbox.text.contains(" WIB"))
            #expect(mailbox.text.range(of: #"\d{4}-\d{2}-\d{2}T"#, options: .regularExpression) == nil)
            let english = try await http.get("/", headers: ["Accept-Language": "en-GB,en;q=0.9"])
            #expect(english.text.contains("<html lang=\"en\">"))
            #expect(english.text.contains("Register now"))
        }
    }

    @Test func statisticsShowCountsAndShares() async throws {
        try await withServer(.sqlite) { _, http in
            for index in 0..<4 { _ = try await http.register("p\(index)@contoh.co.id") }
            let code = try await http.latestCode(to: "p0@contoh.co.id")
            _ = try await http.post(
                "/api/v1/accounts/verify", ["email": "p0@contoh.co.id", "code": code, "password": "kucing-hitam-9"])
            let page = try await http.get("/statistik")
            #expect(
                page.text.contains(
                    "<tr data-stage=\"email_verified\"><th scope=\"row\">Email terverifikasi</th><td class=\"num\">1</td><td class=\"num\">25,00%</td></tr>"
                ))
            #expect(page.text.contains("<td class=\"num\">4</td><td class=\"num\">100,00%</td>"))
            // Each figure once, in one wording.
            #expect(page.text.components(separatedBy: "25,00%").count == 2)
            let english = try await http.get("/statistik?lang=en")
            #expect(english.text.contains("Email verified</th><td class=\"num\">1</td><td class=\"num\">25.00%</td>"))
        }
    }
}

@Suite struct ErrorAnswerTests {
    @Test func unknownAddressesAnswerInThePersonsLanguage() async throws {
        try await withServer(.sqlite) { _, http in
            let page = try await http.get("/tidak-ada")
            #expect(page.status == 404)
            #expect(page.text.contains("Halaman tidak ditemukan."))
            let english = try await http.get("/missing", headers: ["Accept-Language": "en"])
            #expect(english.text.contains("Page not found."))
            let api = try await http.get("/api/v1/nothing")
            #expect(api.status == 404)
            #expect((api.json["error"] as? [String: Any])?["code"] as? String == "not_found")
        }
    }
}
