import Domain
import Foundation

/// Turns an `EmailRequest` into the text and HTML a person receives, in their language.
public struct MailComposer: Sendable {
    let strings: StringTable
    let codes: OneTimeCodes
    let publicBaseURL: String

    public init(strings: StringTable, codes: OneTimeCodes, publicBaseURL: String) {
        self.strings = strings
        self.codes = codes
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
    }

    public func compose(_ request: EmailRequest, messageID: String) -> OutgoingMail {
        let locale = request.locale
        var values = (request.values ?? [:]).merging(["base_url": publicBaseURL]) { _, fixed in fixed }
        let prefix: String
        var link: String?
        switch request.template {
        case .verifyEmail:
            prefix = "mail.verify"
            let code = codes.code(
                purpose: CodePurpose.emailVerification, subject: request.subject, nonce: request.nonce)
            values["code"] = code
            link = "\(publicBaseURL)/verifikasi?email=\(PercentEncoding.escaped(request.to))&code=\(code)"
        case .alreadyRegistered:
            prefix = "mail.already"
            link = "\(publicBaseURL)/masuk"
        case .loginCode:
            prefix = "mail.login"
            values["code"] = codes.code(purpose: CodePurpose.login, subject: request.subject, nonce: request.nonce)
        case .auditCheckpoint:
            prefix = "mail.checkpoint"
        case .failedLogins:
            prefix = "mail.failed_logins"
            link = "\(publicBaseURL)/lupa-sandi"
        case .passwordReset:
            prefix = "mail.reset"
            let code = codes.code(purpose: CodePurpose.passwordReset, subject: request.subject, nonce: request.nonce)
            values["code"] = code
            link = "\(publicBaseURL)/lupa-sandi/baru?email=\(PercentEncoding.escaped(request.to))&code=\(code)"
        case .passwordChanged:
            prefix = "mail.password_changed"
            link = "\(publicBaseURL)/lupa-sandi"
        case .waveResult:
            prefix = request.values?["outcome"] == "selected" ? "mail.wave_selected" : "mail.wave_not_selected"
            link = "\(publicBaseURL)/dasbor"
        case .courseSuspended:
            prefix = "mail.course_suspended"
        }
        if let link { values["link"] = link }
        let subject = strings.text("\(prefix).subject", locale, values)
        let text = strings.text("\(prefix).text", locale, values)
        return OutgoingMail(
            to: request.to, subject: subject, text: text, html: Self.html(from: text, link: link),
            messageID: messageID)
    }

    /// A plain HTML rendering of the text part: paragraphs, and the link made clickable.
    static func html(from text: String, link: String?) -> String {
        let paragraphs = text.components(separatedBy: "\n\n").map { paragraph -> String in
            var escaped = htmlEscaped(paragraph).replacingOccurrences(of: "\n", with: "<br>")
            if let link {
                let escapedLink = htmlEscaped(link)
                escaped = escaped.replacingOccurrences(
                    of: escapedLink, with: "<a href=\"\(escapedLink)\">\(escapedLink)</a>")
            }
            return "<p>\(escaped)</p>"
        }
        return "<!doctype html><html><body>\(paragraphs.joined())</body></html>"
    }

    static func htmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// Purposes that one-time codes are derived for; a code for one never works for another.
public enum CodePurpose {
    public static let emailVerification = "email-verification"
    public static let login = "login"
    public static let phoneVerification = "phone-verification"
    public static let passwordReset = "password-reset"
    /// The OTP a participant gives a platform to authorise a purchase.
    public static let purchase = "purchase"
}
