import CSV
import Domain
import Foundation

extension RegionTable {
    /// The Kemendagri tables shipped in Resources/Wilayah. Data: cahyadsn/wilayah (MIT), based on
    /// Kepmendagri 300.2.2-2138/2025 as amended by 300.2.2-2430/2025; see SOURCE.md there.
    public static let bundled: RegionTable = {
        /// A file's data rows; a few village names are quoted.
        func file(_ name: String) throws -> [[String]] {
            guard
                let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Resources/Wilayah"),
                let text = try? String(contentsOf: url, encoding: .utf8)
            else { fatalError("\(name).csv is missing from the bundle") }
            let csv = try CSVReader(string: text, hasHeaderRow: true)
            return Array(AnySequence { csv })
        }
        do {
            return try RegionTable(
                provinces: file("provinces"), regencies: file("regencies"), districts: file("districts"),
                retired: file("retired_codes"), villages: file("villages"))
        } catch {
            fatalError("the bundled region tables do not parse: \(error)")
        }
    }()
}
