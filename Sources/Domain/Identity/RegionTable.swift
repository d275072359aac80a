/// Kemendagri region codes: provinces (2 digits), regencies and cities (4), districts (6),
/// villages (10, when loaded), and codes retired by the 2022 Papua split that older NIKs still
/// carry. Built from the data rows (header excluded) of the CSV files the caller parses (see
/// Application's Resources/Wilayah and its SOURCE.md).
public struct RegionTable: Sendable {
    public struct Region: Sendable, Equatable {
        public let code: String
        public let name: String
        public let parentCode: String?
    }

    public private(set) var provinces: [String: Region] = [:]
    public private(set) var regencies: [String: Region] = [:]
    public private(set) var districts: [String: Region] = [:]
    /// Empty when the table was loaded without villages.
    public private(set) var villages: [String: Region] = [:]
    /// Each code's subdivisions, sorted by name, for pickers.
    private var children: [String: [Region]] = [:]
    /// Retired regency and district codes, each with the current code that replaced it.
    public private(set) var retired: [String: String] = [:]

    public struct Malformed: Error, Equatable {
        public let file: String
        public let line: Int
    }

    /// Each table's data rows: provinces `code,name`; regencies and districts
    /// `code,parent,name`; retired codes five columns, the last the code that replaced it;
    /// villages `code,district,name`.
    public init(
        provinces provinceRows: [[String]], regencies regencyRows: [[String]], districts districtRows: [[String]],
        retired retiredRows: [[String]], villages villageRows: [[String]] = []
    ) throws {
        for (line, fields) in try Self.rows(provinceRows, file: "provinces", columns: 2) {
            guard fields[0].count == 2 else { throw Malformed(file: "provinces", line: line) }
            provinces[fields[0]] = Region(code: fields[0], name: fields[1], parentCode: nil)
        }
        for (line, fields) in try Self.rows(regencyRows, file: "regencies", columns: 3) {
            guard fields[0].count == 4 else { throw Malformed(file: "regencies", line: line) }
            regencies[fields[0]] = Region(code: fields[0], name: fields[2], parentCode: fields[1])
        }
        for (line, fields) in try Self.rows(districtRows, file: "districts", columns: 3) {
            guard fields[0].count == 6 else { throw Malformed(file: "districts", line: line) }
            districts[fields[0]] = Region(code: fields[0], name: fields[2], parentCode: fields[1])
        }
        for (_, fields) in try Self.rows(retiredRows, file: "retired_codes", columns: 5) {
            retired[fields[0]] = fields[4]
        }
        if !villageRows.isEmpty {
            for (line, fields) in try Self.rows(villageRows, file: "villages", columns: 3) {
                guard fields[0].count == 10, fields[0].hasPrefix(fields[1]) else {
                    throw Malformed(file: "villages", line: line)
                }
                villages[fields[0]] = Region(code: fields[0], name: fields[2], parentCode: fields[1])
            }
        }
        for table in [regencies, districts, villages] {
            for region in table.values { children[region.parentCode ?? "", default: []].append(region) }
        }
        children[""] = Array(provinces.values)
        for key in children.keys { children[key]?.sort { ($0.name, $0.code) < ($1.name, $1.code) } }
    }

    /// The regions directly under `code`, by name: regencies of a province, districts of a
    /// regency, villages of a district; the provinces for nil.
    public func subdivisions(of code: String?) -> [Region] { children[code ?? ""] ?? [] }

    /// The rows with their line numbers in the file (the header is line 1), each checked for
    /// its column count.
    private static func rows(_ rows: [[String]], file: String, columns: Int) throws -> [(Int, [String])] {
        try rows.enumerated().map { index, fields in
            guard fields.count == columns else { throw Malformed(file: file, line: index + 2) }
            return (index + 2, fields)
        }
    }

    public func isKnownRegency(_ code: String) -> Bool { regencies[code] != nil || retired[code] != nil }
    public func isKnownDistrict(_ code: String) -> Bool { districts[code] != nil || retired[code] != nil }
}
