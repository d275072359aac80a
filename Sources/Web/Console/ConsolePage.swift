import Application
import Domain
import Foundation
import Hummingbird
import Storage

/// Rendering console pages: the console's layout with the operator's name and roles, and the
/// one-line notices a redirect after an action carries (`?ok=…` or `?galat=…`).
struct ConsolePage {
    let strings: StringTable
    var renderer: PageRenderer { .shared }

    func render(
        _ template: String, titleKey: String, context: ConsoleRequestContext, values: [String: Any] = [:],
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var all: [String: Any] = [
            "operatorName": context.operatorRecord.username,
            "operatorRoles": context.operatorRecord.roles.map(\.rawValue).sorted().joined(separator: ", "),
        ]
        all.merge(values) { _, new in new }
        return renderer.render(
            template, titleKey: titleKey, context: context, strings: strings, values: all, status: status)
    }

    /// The notice for `?ok=ACTION` (`console.done.ACTION`) or `?galat=CODE` (`error.CODE`);
    /// codes that are not words are ignored rather than looked up.
    func notices(_ request: Request, locale: AppLocale) -> [String: Any] {
        func word(_ name: String) -> String? {
            guard let value = request.uri.queryParameters[Substring(name)].map(String.init), !value.isEmpty,
                value.count <= 40,
                value.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "_") })
            else { return nil }
            return value
        }
        return [
            "notice": PageRenderer.optional(word("ok").map { strings.text("console.done.\($0)", locale) }),
            "problem": PageRenderer.optional(word("galat").map { strings.text("error.\($0)", locale) }),
        ]
    }

    /// Where to go after an action: back to `path` with its outcome.
    static func after(_ path: String, done action: String) -> Response {
        PageForms.redirect(to: "\(path)?ok=\(action)")
    }

    static func after(_ path: String, refused code: String) -> Response {
        PageForms.redirect(to: "\(path)?galat=\(code)")
    }
}

/// Times typed into a console form's `datetime-local` field, read as Jakarta time (WIB).
enum ConsoleTime {
    static func parse(_ text: String?) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Jakarta")
        for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    /// A time as the field shows it.
    static func field(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Jakarta")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.string(from: date)
    }
}
