import Domain
import Foundation

/// Everything applicants read, per language, loaded from `Resources/Strings/<locale>.json`.
/// Templates and code refer to keys only.
public struct StringTable: Sendable {
    public let tables: [AppLocale: [String: String]]
    /// The same texts keyed as templates name them, `_` for each `.` (Mustache reads a dot as a
    /// path). Built once: built for each page, it was about 5 ms of CPU per page, the waiting
    /// room's page included, so a few hundred pages a second filled the machine.
    public let templateTables: [AppLocale: [String: String]]

    public init(tables: [AppLocale: [String: String]]) {
        self.tables = tables
        templateTables = tables.mapValues { table in
            Dictionary(
                table.map { ($0.key.replacingOccurrences(of: ".", with: "_"), $0.value) },
                uniquingKeysWith: { a, _ in a })
        }
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
