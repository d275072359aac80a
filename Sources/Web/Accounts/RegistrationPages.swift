import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// The landing page, `/daftar` (register) and `/verifikasi` (verify the email, set a password).
struct RegistrationPages {
    let platform: Platform
    let issuer: ChallengeIssuer
    var renderer: PageRenderer { .shared }

    struct EmailForm: Decodable {
        var email: String?
    }

    /// The registration form: the email and either a solved challenge (the page's script) or,
    /// without JavaScript, a waiting token.
    struct RegisterForm: Decodable {
        var email: String?
        var powSeed: String?
        var powChallenge: String?
        var powNonce: String?
        var waitToken: String?

        enum CodingKeys: String, CodingKey {
            case email
            case powSeed = "pow_seed"
            case powChallenge = "pow_challenge"
            case powNonce = "pow_nonce"
            case waitToken = "wait_token"
        }
    }

    /// Seconds a browser without JavaScript waits instead of solving: about what the script
    /// takes on a slow phone, doubling with every bit of difficulty above 14.
    static func waitSeconds(bits: Int) -> Int { max(3, 1 << max(0, min(bits - 14, 8))) }

    struct VerifyForm: Decodable {
        var email: String?
        var code: String?
        var password: String?
    }

    func add(public router: some RouterMethods<AppRequestContext>) {
        let strings = platform.strings
        let accounts = platform.accounts
        let proofOfWork = platform.proofOfWork
        let issuer = issuer
        let clock = platform.clock
        let secure = platform.configuration.secureCookies

        /// The form carries the current seed; `bits` raises the difficulty for a sender the
        /// server has just asked for more.
        @Sendable func registerPage(
            email: String, errors: [String: String], context: AppRequestContext, status: HTTPResponse.Status = .ok,
            bits: Int = 0
        ) -> Response {
            let seed = issuer.seed(now: clock.now())
            return renderer.render(
                "register", titleKey: "register.title", context: context, strings: strings,
                values: [
                    "form": ["email": email], "errors": errors,
                    "pow": ["seed": seed.seed, "bits": max(seed.bits, bits)],
                ],
                status: status)
        }

        /// Without JavaScript the form asks for a short wait: a redirect to the page that says so,
        /// so that Back never offers to resend the form.
        @Sendable func waitRedirect(email: String, token: String, seconds: Int) -> Response {
            PageForms.redirect(
                to: "/daftar/tunggu?email=\(PercentEncoding.escaped(email))&token=\(PercentEncoding.escaped(token))"
                    + "&detik=\(seconds)")
        }

        router.get("/") { _, context in
            renderer.render("landing", titleKey: "landing.title", context: context, strings: strings)
        }

        router.get("/daftar") { _, context in
            registerPage(email: "", errors: [:], context: context)
        }

        router.get("/daftar/tunggu") { request, context in
            let query = request.uri.queryParameters
            let seconds = query["detik"].flatMap { Int($0) }.map { min(max($0, 1), 600) } ?? 3
            return renderer.render(
                "register-wait", titleKey: "register.title", context: context, strings: strings,
                values: [
                    "form": ["email": query["email"].map(String.init) ?? ""],
                    "waitToken": query["token"].map(String.init) ?? "",
                    "waitText": strings.text("register.wait_text", context.locale, ["seconds": String(seconds)]),
                ])
        }

        router.post("/daftar") { request, context in
            let form = try await PageForms.decode(RegisterForm.self, from: request, context: context)
            let typed = form.email ?? ""
            let email: EmailAddress
            do {
                email = try AccountService.parseEmail(typed)
                let now = clock.now()
                let proof: ProofOfWork.Solved
                if let token = form.waitToken, !token.isEmpty {
                    proof = try proofOfWork.verifyWait(token, now: now)
                } else if let nonce = form.powNonce, !nonce.isEmpty, let seed = form.powSeed, !seed.isEmpty {
                    proof = try proofOfWork.verify(
                        seed: seed, email: typed, nonce: nonce,
                        requiredBits: issuer.requiredBits(for: context.clientAddress, now: now), now: now,
                        period: issuer.policy.seedPeriod)
                } else if let nonce = form.powNonce, !nonce.isEmpty {
                    // A page from before seeds, still open in someone's browser.
                    proof = try proofOfWork.verify(challenge: form.powChallenge, nonce: nonce, now: now)
                } else {
                    // No script ran: the address is checked; now ask for a short wait.
                    let seconds = Self.waitSeconds(bits: issuer.requiredBits(for: context.clientAddress, now: now))
                    let token = proofOfWork.issueWait(seconds: seconds, now: now, lifetime: 600)
                    return waitRedirect(email: typed, token: token, seconds: seconds)
                }
                try await accounts.register(
                    email: email, locale: context.locale, client: context.clientAddress, proof: proof)
            } catch let error as AccountError {
                let message = PageForms.errors(for: error, context: context, strings: strings)
                return registerPage(email: typed, errors: message, context: context, status: .unprocessableContent)
            } catch ProofOfWork.Failure.tooEarly(let seconds) {
                return waitRedirect(email: typed, token: form.waitToken ?? "", seconds: seconds)
            } catch let failure as ProofOfWork.Failure {
                let message = ["proof_of_work": strings.text("error.\(failure.code)", context.locale)]
                var bits = 0
                if case .insufficient(let required) = failure { bits = required }
                return registerPage(email: typed, errors: message, context: context, status: .badRequest, bits: bits)
            }
            return PageForms.redirect(to: "/verifikasi?email=\(PercentEncoding.escaped(email.value))")
        }

        router.get("/verifikasi") { request, context in
            let query = request.uri.queryParameters
            let resent = query["dikirim"] != nil
            return renderer.render(
                "verify", titleKey: "verify.title", context: context, strings: strings,
                values: [
                    "form": [
                        "email": query["email"].map(String.init) ?? "", "code": query["code"].map(String.init) ?? "",
                    ],
                    "notice": PageRenderer.optional(resent ? strings.text("verify.resent", context.locale) : nil),
                ])
        }

        router.post("/verifikasi") { request, context in
            let form = try await PageForms.decode(VerifyForm.self, from: request, context: context)
            let (email, code) = (form.email ?? "", form.code ?? "")
            do {
                let session = try await accounts.verifyEmail(
                    email: email, code: code, password: form.password ?? "", client: context.clientAddress)
                return PageForms.signedIn(session, secure: secure)
            } catch let error as AccountError {
                return renderer.render(
                    "verify", titleKey: "verify.title", context: context, strings: strings,
                    values: [
                        "form": ["email": email, "code": code],
                        "errors": PageForms.errors(for: error, context: context, strings: strings),
                    ],
                    status: error.field == "code" ? .badRequest : .unprocessableContent)
            }
        }

        router.post("/verifikasi/kirim-ulang") { request, context in
            let form = try await PageForms.decode(EmailForm.self, from: request, context: context)
            let email = form.email ?? ""
            do {
                try await accounts.resendCode(email: email, client: context.clientAddress)
            } catch let error as AccountError {
                return renderer.render(
                    "verify", titleKey: "verify.title", context: context, strings: strings,
                    values: [
                        "form": ["email": email],
                        "errors": PageForms.errors(for: error, context: context, strings: strings),
                    ],
                    status: .tooManyRequests)
            }
            return PageForms.redirect(to: "/verifikasi?email=\(PercentEncoding.escaped(email))&dikirim=1")
        }
    }
}
