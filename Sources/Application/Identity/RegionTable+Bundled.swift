import Domain
import Foundation

extension RegionTable {
    /// The Kemendagri tables shipped in Resources/Wilayah. Data: cahyadsn/wilayah (MIT), based on
    /// Kepmendagri 300.2.2-2138/2025 as amended by 300.2.2-2430/2025; see SOURCE.md there.
    public static let bundled: RegionTable = {
        func file(_ name: String) -> String {
            guard
                let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Resources/Wilayah"),
                let text = try? String(contentsOf: url, encoding: .utf8)
            else { fatalError("\(name).csv is missing from the bundle") }
            return text
        }
        do {
            return try RegionTable(
                provincesCSV: file("provinces"), regenciesCSV: file("regencies"), districtsCSV: file("districts"),
                retiredCSV: file("retired_codes"), villagesCSV: file("villages"))
        } catch {
            fatalError("the bundled region tables do not parse: \(error)")
        }
    }()
}
