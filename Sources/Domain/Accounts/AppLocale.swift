import Foundation

/// The languages applicants read: Bahasa Indonesia first, English second.
public enum AppLocale: String, Sendable, CaseIterable, Codable {
    case indonesian = "id"
    case english = "en"

    public static let `default` = AppLocale.indonesian

    /// Picks the first supported language from an `Accept-Language` header, honouring q-values.
    public static func negotiate(acceptLanguage header: String?) -> AppLocale {
        guard let header else { return .default }
        let ranked = header.split(separator: ",").compactMap { part -> (String, Double)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first, !tag.isEmpty else { return nil }
            var quality = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            return (tag.lowercased(), quality)
        }
        .filter { $0.1 > 0 }
        .enumerated()
        .sorted { $0.element.1 != $1.element.1 ? $0.element.1 > $1.element.1 : $0.offset < $1.offset }
        .map(\.element.0)
        for tag in ranked {
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            if let locale = AppLocale(rawValue: primary) { return locale }
            if primary == "in" { return .indonesian }  // legacy ISO 639 code for Indonesian
        }
        return .default
    }
}
