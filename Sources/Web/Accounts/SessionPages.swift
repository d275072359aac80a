import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// `/masuk` (password, then emailed code), `/keluar`, and the `/dasbor` dashboard.
struct SessionPages {
    let platform: Platform
    var renderer: PageRenderer { .shared }

    struct LoginForm: Decodable {
        var email: String?
        var password: String?
    }

    struct CodeForm: Decodable {
        var challenge: String?
        var code: String?
    }

    func add(
        public router: some RouterMethods<AppRequestContext>, signedIn: some RouterMethods<SignedInRequestContext>
    ) {
        let strings = platform.strings
        let accounts = platform.accounts
        let secure = platform.configuration.secureCookies

        router.get("/masuk") { request, context in
            if context.account != nil { return PageForms.redirect(to: "/dasbor") }
            let changed = request.uri.queryParameters["diganti"] != nil
            return renderer.render(
                "login", titleKey: "login.title", context: context, strings: strings,
                values: ["notice": PageRenderer.optional(changed ? strings.text("reset.done", context.locale) : nil)])
        }

        router.post("/masuk") { request, context in
            let form = try await PageForms.decode(LoginForm.self, from: request, context: context)
            let email = form.email ?? ""
            do {
                let start = try await accounts.startLogin(
                    email: email, password: form.password ?? "", client: context.clientAddress,
                    device: request.cookies[PageForms.deviceCookieName]?.value)
                var response = PageForms.redirect(to: start.guarded ? "/masuk/kode?dijaga=1" : "/masuk/kode")
                response.setCookie(Self.challengeCookie(start.challenge, secure: secure))
                return response
            } catch let error as AccountError {
                return renderer.render(
                    "login", titleKey: "login.title", context: context, strings: strings,
                    values: [
                        "form": ["email": email],
                        "errors": PageForms.errors(for: error, context: context, strings: strings),
                    ],
                    status: .unprocessableContent)
            }
        }

        router.get("/masuk/kode") { request, context in
            guard let challenge = request.cookies[Self.challengeCookieName]?.value, !challenge.isEmpty else {
                return PageForms.redirect(to: "/masuk")
            }
            return renderer.render(
                "login-code", titleKey: "login.code_title", context: context, strings: strings,
                values: ["challenge": challenge, "guarded": request.uri.queryParameters["dijaga"] != nil])
        }

        router.post("/masuk/kode") { request, context in
            let form = try await PageForms.decode(CodeForm.self, from: request, context: context)
            let challenge = form.challenge ?? request.cookies[Self.challengeCookieName]?.value ?? ""
            do {
                let session = try await accounts.completeLogin(
                    challenge: challenge, code: form.code ?? "", client: context.clientAddress)
                var response = PageForms.signedIn(session, secure: secure)
                response.setCookie(Self.challengeCookie("", secure: secure, maxAge: 0))
                return response
            } catch let error as AccountError {
                return renderer.render(
                    "login-code", titleKey: "login.code_title", context: context, strings: strings,
                    values: [
                        "challenge": challenge,
                        "errors": PageForms.errors(for: error, context: context, strings: strings),
                    ],
                    status: .badRequest)
            }
        }

        router.post("/keluar") { _, context in
            if let token = context.sessionToken { try await accounts.logout(token: token) }
            var response = PageForms.redirect(to: "/")
            response.setCookie(
                Cookie(
                    name: SessionMiddleware.cookieName, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true,
                    sameSite: .lax))
            return response
        }

        let dashboards = platform.services.dashboards
        signedIn.get("/dasbor") { request, context in
            let locale = context.locale
            let dashboard = try await dashboards.dashboard(for: context.account, sessionToken: context.sessionToken)
            let account = dashboard.account
            let journey: [[String: Any]] = FunnelStage.allCases.map { stage in
                let state = stage < account.stage ? "done" : (stage == account.stage ? "current" : "todo")
                let label =
                    state == "done"
                    ? strings.text("dashboard.done", locale)
                    : state == "current" ? strings.text("dashboard.current", locale) : ""
                return [
                    "name": strings.text("stage.\(stage.rawValue)", locale), "state": state,
                    "label": PageRenderer.optional(label),
                ]
            }
            let step = (FunnelStage.allCases.firstIndex(of: account.stage) ?? 0) + 1
            let details = DashboardView(dashboard: dashboard, strings: strings, locale: locale)
            let wave = WaveSection(
                standing: dashboard.wave, refusal: request.uri.queryParameters["gelombang"].map(String.init),
                strings: strings, locale: locale)
            return renderer.render(
                "dashboard", titleKey: "dashboard.title", context: context, strings: strings,
                values: details.values().merging(wave.values()) { _, new in new }.merging([
                    "welcome": strings.text("dashboard.welcome", locale, ["email": account.email]),
                    "stageCode": account.stage.rawValue,
                    "progressValue": step, "progressMax": FunnelStage.allCases.count,
                    "progressText": strings.text(
                        "dashboard.progress", locale,
                        [
                            "step": String(step), "total": String(FunnelStage.allCases.count),
                            "stage": strings.text("stage.\(account.stage.rawValue)", locale),
                        ]),
                    "stageName": strings.text("stage.\(account.stage.rawValue)", locale),
                    "journey": journey,
                    "ratingRefusal": PageRenderer.optional(
                        request.uri.queryParameters["nilai"].map(String.init).flatMap { code in
                            RatingService.refusalCodes.contains(code) ? strings.text("error.\(code)", locale) : nil
                        }),
                    "ratingThanks": PageRenderer.optional(
                        request.uri.queryParameters["dinilai"] != nil ? strings.text("rating.thanks", locale) : nil),
                ]) { _, new in new })
        }
    }

    /// Between the password and the emailed code, the sign-in's challenge waits in a short-lived
    /// cookie, so that the password's POST can answer with a redirect to the code page.
    static let challengeCookieName = "prakerja_login"

    static func challengeCookie(_ challenge: String, secure: Bool, maxAge: Int = 900) -> Cookie {
        Cookie(
            name: challengeCookieName, value: challenge, maxAge: maxAge, path: "/masuk", secure: secure,
            httpOnly: true, sameSite: .lax)
    }
}
