import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// The landing page, `/daftar` (register) and `/verifikasi` (verify the email, set a password).
struct RegistrationPages {
    let platform: Platform
    var renderer: PageRenderer { .shared }
    var secureCookies: Bool { platform.configuration.publicBaseURL.hasPrefix("https:") }

    struct EmailForm: Decodable {
        var email: String?
    }

    struct VerifyForm: Decodable {
        var email: String?
        var code: String?
        var password: String?
    }

    func add(to router: Router<AppRequestContext>) {
        let strings = platform.strings
        let accounts = platform.accounts
        let secure = secureCookies

        router.get("/") { _, context in
            renderer.render("landing", titleKey: "landing.title", context: context, strings: strings)
        }

        router.get("/daftar") { _, context in
            renderer.render("register", titleKey: "register.title", context: context, strings: strings)
        }

        router.post("/daftar") { request, context in
            let form = try await PageForms.decode(EmailForm.self, from: request, context: context)
            let email = form.email ?? ""
            do {
                try await accounts.register(email: email, locale: context.locale, client: context.clientAddress)
            } catch let error as AccountError {
                return renderer.render(
                    "register", titleKey: "register.title", context: context, strings: strings,
                    values: [
                        "form": ["email": email],
                        "errors": PageForms.errors(for: error, context: context, strings: strings),
                    ],
                    status: .unprocessableContent)
            }
            let normalised = (try? EmailAddress(email).value) ?? email
            return PageForms.redirect(to: "/verifikasi?email=\(RandomTokens.queryEscaped(normalised))")
        }

        router.get("/verifikasi") { request, context in
            let query = request.uri.queryParameters
            return renderer.render(
                "verify", titleKey: "verify.title", context: context, strings: strings,
                values: [
                    "form": [
                        "email": query["email"].map(String.init) ?? "", "code": query["code"].map(String.init) ?? "",
                    ]
                ])
        }

        router.post("/verifikasi") { request, context in
            let form = try await PageForms.decode(VerifyForm.self, from: request, context: context)
            let (email, code) = (form.email ?? "", form.code ?? "")
            do {
                let session = try await accounts.verifyEmail(
                    email: email, code: code, password: form.password ?? "", client: context.clientAddress)
                var response = PageForms.redirect(to: "/dasbor")
                response.setCookie(PageForms.sessionCookie(session, secure: secure))
                return response
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
            var values: [String: Any] = ["form": ["email": email]]
            var status = HTTPResponse.Status.ok
            do {
                try await accounts.resendCode(email: email, client: context.clientAddress)
                values["notice"] = strings.text("verify.resent", context.locale)
            } catch let error as AccountError {
                values["errors"] = PageForms.errors(for: error, context: context, strings: strings)
                status = .tooManyRequests
            }
            return renderer.render(
                "verify", titleKey: "verify.title", context: context, strings: strings, values: values, status: status)
        }
    }
}
