import Application
import Foundation

/// Renders an email as a MIME message: headers, and a multipart/alternative body with a
/// plain-text and an HTML part, both base64 so any byte survives any server.
enum MIMEMessage {
    static func render(_ mail: OutgoingMail, from: MailboxAddress, date: Date, boundary: String) -> String {
        let domain = from.address.split(separator: "@").last.map(String.init) ?? "localhost"
        var lines = [
            "From: \(header(from))",
            "To: <\(mail.to)>",
            "Subject: \(encodedWord(mail.subject))",
            "Date: \(rfc5322Date(date))",
            "Message-ID: <\(mail.messageID)@\(domain)>",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
        ]
        for (type, body) in [("text/plain", mail.text), ("text/html", mail.html)] {
            lines.append("--\(boundary)")
            lines.append("Content-Type: \(type); charset=utf-8")
            lines.append("Content-Transfer-Encoding: base64")
            lines.append("")
            lines.append(contentsOf: wrappedBase64(body))
        }
        lines.append("--\(boundary)--")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Escapes lines starting with "." for the DATA phase (RFC 5321 4.5.2).
    static func dotStuffed(_ message: String) -> String {
        message.components(separatedBy: "\r\n")
            .map { $0.hasPrefix(".") ? "." + $0 : $0 }
            .joined(separator: "\r\n")
    }

    static func header(_ mailbox: MailboxAddress) -> String {
        guard let name = mailbox.name else { return "<\(mailbox.address)>" }
        return "\(encodedWord(name)) <\(mailbox.address)>"
    }

    /// RFC 2047 encoded word when the text is not plain printable ASCII.
    static func encodedWord(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 32 && $0.value < 127 }
        return plain ? text : "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    static func wrappedBase64(_ text: String) -> [String] {
        let encoded = Data(text.utf8).base64EncodedString()
        var lines: [String] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[index..<end]))
            index = end
        }
        return lines
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
