import Foundation

/// Reading one row of a list file: a CSV whose header names an `nik` column (other columns,
/// such as names, are ignored and never stored). The file's rows are parsed elsewhere; these
/// are the rules for their fields.
public enum ListRow {
    public enum Rejection: String, Sendable, Equatable {
        case wrongColumnCount = "wrong_column_count"
        case invalidNIK = "invalid_nik"
    }

    public struct HeaderError: Error, Equatable, CustomStringConvertible {
        public init() {}
        public var description: String { "the first line must be a header with an nik column" }
    }

    /// The position of the `nik` column and the number of columns, from the header line.
    public static func layout(header: [String]) throws(HeaderError) -> (nikColumn: Int, columns: Int) {
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let index = names.firstIndex(where: { $0 == "nik" || $0 == "\u{FEFF}nik" }) else { throw HeaderError() }
        return (index, names.count)
    }

    /// The NIK of a data row, or why the row was rejected.
    public static func nik(
        in values: [String], layout: (nikColumn: Int, columns: Int), regions: RegionTable, today: CalendarDate
    ) -> Result<String, RejectionError> {
        guard values.count == layout.columns else { return .failure(RejectionError(.wrongColumnCount)) }
        let check = NIK.check(
            values[layout.nikColumn].trimmingCharacters(in: .whitespaces), regions: regions, today: today)
        guard check.isAcceptable, let nik = check.nik else { return .failure(RejectionError(.invalidNIK)) }
        return .success(nik.digits)
    }

    public struct RejectionError: Error, Equatable {
        public let reason: Rejection
        init(_ reason: Rejection) { self.reason = reason }
    }
}
