import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Mustache
import Storage

/// Renders the Mustache templates in `Resources/Templates` with the reader's string table.
/// Templates get the table as `t`, with dots in keys turned into underscores
/// (`register.title` → `{{t.register_title}}`).
struct PageRenderer: Sendable {
    static let shared = PageRenderer.loadBundled()

    let library: MustacheLibrary

    static func loadBundled() -> PageRenderer {
        var library = MustacheLibrary()
        guard
            let directory = Bundle.module.url(forResource: "Templates", withExtension: nil, subdirectory: "Resources"),
            let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { fatalError("templates are missing from the bundle") }
        for file in files where file.hasSuffix(".mustache") {
            let url = directory.appendingPathComponent(file)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { fatalError("cannot read \(file)") }
            do {
                try library.register(text, named: String(file.dropLast(".mustache".count)))
            } catch {
                fatalError("template \(file) does not parse: \(error)")
            }
        }
        return PageRenderer(library: library)
    }

    func render(
        _ template: String, titleKey: String, context: some WebRequestContext, strings: StringTable,
        values: [String: Any] = [:], status: HTTPResponse.Status = .ok
    ) -> Response {
        let locale = context.locale
        let other: AppLocale = locale == .indonesian ? .english : .indonesian
        var object: [String: Any] = [
            "t": strings.templateTables[locale] ?? [:],
            "locale": locale.rawValue,
            "csrf": context.csrfToken,
            "signedIn": context.isSignedIn,
            "title": strings.text(titleKey, locale),
            "languageSwitchURL": "?lang=\(other.rawValue)",
            "otherLocale": other.rawValue,
        ]
        object.merge(values) { _, new in new }
        guard let html = library.render(object, withTemplate: template) else {
            // A page without its template is a bug: say so, never an empty 200.
            context.logger.error("page template missing", metadata: ["template": "\(template)"])
            return internalErrorPage(context: context, strings: strings)
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The page for a bug: a 500 with the request id to quote.
    func internalErrorPage(context: some WebRequestContext, strings: StringTable) -> Response {
        let message = strings.text("error.internal", context.locale, ["request": context.id])
        guard library.getTemplate(named: "error") != nil else {
            return Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: message)))
        }
        return render(
            "error", titleKey: "error.title", context: context, strings: strings, values: ["message": message],
            status: .internalServerError)
    }

    func errorPage(
        status: HTTPResponse.Status, messageKey: String, context: some WebRequestContext, strings: StringTable
    ) throws -> Response {
        render(
            "error", titleKey: "error.title", context: context, strings: strings,
            values: ["message": strings.text(messageKey, context.locale)], status: status)
    }

    /// Mustache shows a section for any string, even an empty one: optional text is passed
    /// through this, so `{{#error}}…{{/error}}` disappears when there is none.
    static func optional(_ text: String?) -> Any {
        guard let text, !text.isEmpty else { return false }
        return text
    }
}
