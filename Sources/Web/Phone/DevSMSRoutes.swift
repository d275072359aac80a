import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// `/dev/sms` and `/dev/sms.json?to=PHONE`: what the local SMS transport has sent, newest
/// first. Mounted only with the local transport in development.
struct DevSMSRoutes {
    let platform: Platform

    struct SMSView: Encodable {
        let to: String
        let text: String
        let sentAt: Date
    }

    func add(to router: some RouterMethods<AppRequestContext>) {
        let box = platform.smsBox
        let strings = platform.strings

        router.get("sms.json") { request, _ in
            let recipient = Self.recipient(request)
            let messages = try await box.messages(to: recipient, limit: 100)
            return try JSONBody.response(messages.map { SMSView(to: $0.to, text: $0.body, sentAt: $0.sentAt) })
        }

        router.get("sms") { request, context in
            let recipient = Self.recipient(request)
            let messages = try await box.messages(to: recipient, limit: 50)
            let rows: [[String: String]] = messages.map {
                ["to": $0.to, "text": $0.body, "sentAt": DateText.jakarta($0.sentAt, locale: context.locale)]
            }
            return PageRenderer.shared.render(
                "sms", titleKey: "dev.sms_title", context: context, strings: strings, values: ["messages": rows])
        }
    }

    /// The `to` filter, normalised to E.164 as phone verification normalises numbers.
    static func recipient(_ request: Request) -> String? {
        guard let raw = request.uri.queryParameters["to"].map(String.init), !raw.isEmpty else { return nil }
        return (try? PhoneNumber(raw).e164) ?? raw
    }
}
