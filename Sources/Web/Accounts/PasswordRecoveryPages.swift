import Application
import Domain
import Foundation
import Hummingbird

/// `/lupa-sandi` (ask for a recovery code by email) and `/lupa-sandi/baru` (the code and a new
/// password). Whether the address has an account is never said.
struct PasswordRecoveryPages {
    let platform: Platform
    var renderer: PageRenderer { .shared }

    struct RequestForm: Decodable {
        var email: String?
    }

    struct ResetForm: Decodable {
        var email: String?
        var code: String?
        var password: String?
    }

    func add(public router: some RouterMethods<AppRequestContext>) {
        let strings = platform.strings
        let accounts = platform.accounts

        router.get("/lupa-sandi") { _, context in
            renderer.render("password-reset-request", titleKey: "reset.title", context: context, strings: strings)
        }

        router.post("/lupa-sandi") { request, context in
            let form = try await PageForms.decode(RequestForm.self, from: request, context: context)
            let email = form.email ?? ""
            do {
                try await accounts.requestPasswordReset(email: email, client: context.clientAddress)
            } catch let error as AccountError {
                return renderer.render(
                    "password-reset-request", titleKey: "reset.title", context: context, strings: strings,
                    values: [
                        "form": ["email": email],
                        "errors": PageForms.errors(for: error, context: context, strings: strings),
                    ],
                    status: .unprocessableContent)
            }
            return PageForms.redirect(to: "/lupa-sandi/baru?email=\(PercentEncoding.escaped(email))")
        }

        router.get("/lupa-sandi/baru") { request, context in
            let query = request.uri.queryParameters
            return renderer.render(
                "password-reset", titleKey: "reset.title", context: context, strings: strings,
                values: [
                    "form": [
                        "email": query["email"].map(String.init) ?? "", "code": query["code"].map(String.init) ?? "",
                    ]
                ])
        }

        router.post("/lupa-sandi/baru") { request, context in
            let form = try await PageForms.decode(ResetForm.self, from: request, context: context)
            let (email, code) = (form.email ?? "", form.code ?? "")
            do {
                try await accounts.resetPassword(
                    email: email, code: code, newPassword: form.password ?? "", client: context.clientAddress)
            } catch let error as AccountError {
                return renderer.render(
                    "password-reset", titleKey: "reset.title", context: context, strings: strings,
                    values: [
                        "form": ["email": email, "code": code],
                        "errors": PageForms.errors(for: error, context: context, strings: strings),
                    ],
                    status: .unprocessableContent)
            }
            return PageForms.redirect(to: "/masuk?diganti=1")
        }
    }
}
