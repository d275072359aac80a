import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// `/ponsel`: the mobile number and its SMS code.
struct PhonePages {
    let platform: Platform
    var renderer: PageRenderer { .shared }

    struct PhoneForm: Decodable {
        var phone: String?
    }

    struct CodeForm: Decodable {
        var code: String?
    }

    /// What the page shows besides the forms.
    struct Messages {
        var notice = ""
        var formError = ""
        var phoneError = ""
        var codeError = ""
        var typedPhone: String?
        var status: HTTPResponse.Status = .ok
    }

    func add(signedIn router: some RouterMethods<SignedInRequestContext>) {
        let strings = platform.strings
        let phones = platform.phones

        @Sendable func page(accountID: String, _ messages: Messages, context: SignedInRequestContext) async throws
            -> Response
        {
            let record = try await phones.status(accountID: accountID)
            if record?.isVerified == true { return PageForms.redirect(to: "/dasbor") }
            let sentTo = record?.phone ?? ""
            return renderer.render(
                "phone", titleKey: "phone.title", context: context, strings: strings,
                values: [
                    "codeSent": record != nil,
                    "codeLead": strings.text("phone.code_lead", context.locale, ["phone": sentTo]),
                    "phone": messages.typedPhone ?? sentTo, "notice": PageRenderer.optional(messages.notice),
                    "formError": PageRenderer.optional(messages.formError),
                    "phoneError": PageRenderer.optional(messages.phoneError),
                    "codeError": PageRenderer.optional(messages.codeError),
                ],
                status: messages.status)
        }

        /// The message for a refused request, and which part of the page it belongs to.
        @Sendable func messages(for error: any Error, context: SignedInRequestContext) throws -> Messages {
            var messages = Messages()
            switch error {
            case let failure as PhoneService.Failure:
                let text = strings.text("error.\(failure.code)", context.locale)
                if case .invalidPhone = failure {
                    messages.phoneError = text
                    messages.status = .unprocessableContent
                } else {
                    messages.formError = text
                    messages.status = failure == .identityNotVerified ? .forbidden : .conflict
                }
            case let failure as AccountError:
                let text = strings.text(failure.messageKey, context.locale, ["time": APIError.timeText(failure)])
                if failure.field == "code" {
                    messages.codeError = text
                    messages.status = failure == .tooManyAttempts ? .tooManyRequests : .badRequest
                } else {
                    messages.formError = text
                    messages.status = .tooManyRequests
                }
            default:
                throw error
            }
            return messages
        }

        router.get("/ponsel") { request, context in
            let account = context.account
            var messages = Messages()
            if request.uri.queryParameters["dikirim"] == "ulang" {
                messages.notice = strings.text("phone.resent", context.locale)
            }
            if account.stage < .identityVerified {
                messages.formError = strings.text("error.identity_not_verified", context.locale)
            }
            return try await page(accountID: account.id, messages, context: context)
        }

        router.post("/ponsel") { request, context in
            let account = context.account
            let form = try await PageForms.decode(PhoneForm.self, from: request, context: context)
            do {
                try await phones.start(accountID: account.id, phone: form.phone ?? "", client: context.clientAddress)
                return PageForms.redirect(to: "/ponsel?dikirim=1#code")
            } catch {
                var refused = try messages(for: error, context: context)
                refused.typedPhone = form.phone ?? ""
                return try await page(accountID: account.id, refused, context: context)
            }
        }

        router.post("/ponsel/kirim-ulang") { _, context in
            let account = context.account
            do {
                try await phones.resend(accountID: account.id, client: context.clientAddress)
                return PageForms.redirect(to: "/ponsel?dikirim=ulang")
            } catch {
                return try await page(
                    accountID: account.id, try messages(for: error, context: context), context: context)
            }
        }

        router.post("/ponsel/kode") { request, context in
            let account = context.account
            let form = try await PageForms.decode(CodeForm.self, from: request, context: context)
            do {
                try await phones.verify(accountID: account.id, code: form.code ?? "", client: context.clientAddress)
                return PageForms.redirect(to: "/dasbor")
            } catch {
                return try await page(
                    accountID: account.id, try messages(for: error, context: context), context: context)
            }
        }
    }
}
