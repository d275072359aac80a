import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// `/kata-sandi`: change the password. Every session of the account ends; this browser gets
/// the new one.
struct PasswordPages {
    let platform: Platform

    struct PasswordForm: Decodable {
        var currentPassword: String?
        var password: String?

        enum CodingKeys: String, CodingKey {
            case currentPassword = "current_password"
            case password
        }
    }

    func add(signedIn router: some RouterMethods<SignedInRequestContext>) {
        let strings = platform.strings
        let accounts = platform.accounts
        let secure = platform.configuration.secureCookies
        let renderer = PageRenderer.shared

        router.get("/kata-sandi") { _, context in
            renderer.render("password", titleKey: "password.title", context: context, strings: strings)
        }

        router.post("/kata-sandi") { request, context in
            let account = context.account
            let form = try await PageForms.decode(PasswordForm.self, from: request, context: context)
            do {
                let session = try await accounts.changePassword(
                    accountID: account.id, currentPassword: form.currentPassword ?? "",
                    newPassword: form.password ?? "", client: context.clientAddress)
                return PageForms.signedIn(session, secure: secure)
            } catch let error as AccountError {
                return renderer.render(
                    "password", titleKey: "password.title", context: context, strings: strings,
                    values: ["errors": PageForms.errors(for: error, context: context, strings: strings)],
                    status: error == .wrongPassword ? .badRequest : .unprocessableContent)
            }
        }
    }
}
