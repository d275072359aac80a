import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// `/dev/mailbox` and `/dev/mailbox.json?to=EMAIL`: what the local mail transport has sent,
/// newest first. Mounted only with local transports in development.
struct DevMailboxRoutes {
    let platform: Platform

    struct MailView: Encodable {
        let to: String
        let subject: String
        let text: String
        let sentAt: Date
    }

    func add(to router: some RouterMethods<AppRequestContext>) {
        let mailbox = platform.mailbox
        let strings = platform.strings

        router.get("mailbox.json") { request, _ in
            let recipient = Self.recipient(request)
            let mail = try await mailbox.messages(to: recipient, limit: 100)
            return try JSONBody.response(
                mail.map { MailView(to: $0.to, subject: $0.subject, text: $0.text, sentAt: $0.sentAt) })
        }

        router.get("mailbox") { request, context in
            let recipient = Self.recipient(request)
            let mail = try await mailbox.messages(to: recipient, limit: 50)
            let messages: [[String: String]] = mail.map {
                [
                    "to": $0.to, "subject": $0.subject, "text": $0.text,
                    "sentAt": DateText.jakarta($0.sentAt, locale: context.locale),
                ]
            }
            return PageRenderer.shared.render(
                "mailbox", titleKey: "dev.mailbox_title", context: context, strings: strings,
                values: ["messages": messages])
        }
    }

    /// The `to` filter, normalised as registration normalises addresses.
    static func recipient(_ request: Request) -> String? {
        guard let raw = request.uri.queryParameters["to"].map(String.init), !raw.isEmpty else { return nil }
        return (try? EmailAddress(raw).value) ?? raw
    }
}
