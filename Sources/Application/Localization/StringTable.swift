import Domain
import Foundation

/// Everything applicants read, per language, loaded from `Resources/Strings/<locale>.json`.
/// Templates and code refer to keys only.
public struct StringTable: Sendable {
    public let tables: [AppLocale: [String: String]]

    public init(tables: [AppLocale: [String: String]]) {
        self.tables = tables
    }

    public static let bundled: StringTable = {
        var tables: [AppLocale: [String: String]] = [:]
        for locale in AppLocale.allCases {
            guard
                let url = Bundle.module.url(
                    forResource: locale.rawValue, withExtension: "json", subdirectory: "Resources/Strings"),
                let data = try? Data(contentsOf: url),
                let table = try? JSONDecoder().decode([String: String].self, from: data)
            else { fatalError("string table \(locale.rawValue).json is missing from the bundle") }
            tables[locale] = table
        }
        return StringTable(tables: tables)
    }()

    /// The text for `key`, with `{name}` placeholders filled; falls back to Indonesian, then the key.
    public func text(_ key: String, _ locale: AppLocale, _ values: [String: String] = [:]) -> String {
        var text = tables[locale]?[key] ?? tables[.default]?[key] ?? key
        for (name, value) in values {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }

    public func table(_ locale: AppLocale) -> [String: String] { tables[locale] ?? [:] }
}
