import Foundation

/// One line of a civil-registry extract for the local registry: a CSV whose header names the
/// columns nik, kk, full_name, birth_date (YYYY-MM-DD) and alive (true/false or 1/0), in any
/// order.
public enum RegistryRow {
    public enum Rejection: String, Sendable, Equatable {
        case wrongColumnCount = "wrong_column_count"
        case invalidNIK = "invalid_nik"
        case invalidKK = "invalid_kk"
        case invalidName = "invalid_name"
        case invalidBirthDate = "invalid_birth_date"
        case invalidAlive = "invalid_alive"
    }

    public struct RejectionError: Error, Equatable {
        public let reason: Rejection
        init(_ reason: Rejection) { self.reason = reason }
    }

    public static let columnNames = ["nik", "kk", "full_name", "birth_date", "alive"]

    public struct HeaderError: Error, Equatable, CustomStringConvertible {
        public let missing: [String]

        public init(missing: [String]) {
            self.missing = missing
        }
        public var description: String {
            "the first line must be a header naming \(RegistryRow.columnNames.joined(separator: ", ")); missing: \(missing.joined(separator: ", "))"
        }
    }

    public struct Layout: Sendable, Equatable {
        let positions: [String: Int]
        let columns: Int
    }

    public static func layout(header: [String]) throws(HeaderError) -> Layout {
        var names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if let first = names.first, first.hasPrefix("\u{FEFF}") { names[0] = String(first.dropFirst()) }
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() where columnNames.contains(name) { positions[name] = index }
        let missing = columnNames.filter { positions[$0] == nil }
        guard missing.isEmpty else { throw HeaderError(missing: missing) }
        return Layout(positions: positions, columns: names.count)
    }

    /// The record in a data row, or why the row was rejected.
    public static func record(in values: [String], layout: Layout, regions: RegionTable, today: CalendarDate)
        -> Result<RegistryRecord, RejectionError>
    {
        guard values.count == layout.columns else { return .failure(.init(.wrongColumnCount)) }
        func value(_ name: String) -> String {
            values[layout.positions[name]!].trimmingCharacters(in: .whitespaces)
        }
        let check = NIK.check(value("nik"), regions: regions, today: today)
        guard check.isAcceptable, let nik = check.nik else { return .failure(.init(.invalidNIK)) }
        let kkCheck = KKNumber.check(value("kk"), regions: regions)
        guard kkCheck.isAcceptable, let kk = kkCheck.number else {
            return .failure(.init(.invalidKK))
        }
        let name = value("full_name")
        guard !name.isEmpty, name.count <= 150 else { return .failure(.init(.invalidName)) }
        guard let birth = CalendarDate(iso: value("birth_date")), birth.exists else {
            return .failure(.init(.invalidBirthDate))
        }
        let alive: Bool
        switch value("alive").lowercased() {
        case "true", "1", "yes", "ya": alive = true
        case "false", "0", "no", "tidak": alive = false
        default: return .failure(.init(.invalidAlive))
        }
        return .success(
            RegistryRecord(
                nik: nik.digits, familyCardNumber: kk.digits, fullName: name, birthDate: birth, isAlive: alive))
    }
}
