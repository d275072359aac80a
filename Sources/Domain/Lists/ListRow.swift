import Foundation

/// Reading one line of a list file: a CSV whose header names an `nik` column (other columns,
/// such as names, are ignored and never stored).
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
    public static func layout(header: Substring) throws(HeaderError) -> (nikColumn: Int, columns: Int) {
        let names = fields(header).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let index = names.firstIndex(where: { $0 == "nik" || $0 == "\u{FEFF}nik" }) else { throw HeaderError() }
        return (index, names.count)
    }

    /// The NIK of a data line, or why the line was rejected.
    public static func nik(
        in line: Substring, layout: (nikColumn: Int, columns: Int), regions: RegionTable, today: CalendarDate
    ) -> Result<String, RejectionError> {
        let values = fields(line)
        guard values.count == layout.columns else { return .failure(RejectionError(.wrongColumnCount)) }
        let check = NIK.check(String(values[layout.nikColumn]), regions: regions, today: today)
        guard check.isAcceptable, let nik = check.nik else { return .failure(RejectionError(.invalidNIK)) }
        return .success(nik.digits)
    }

    public struct RejectionError: Error, Equatable {
        public let reason: Rejection
        init(_ reason: Rejection) { self.reason = reason }
    }

    /// Comma-separated fields with double-quoted fields allowed ("a, b" and "say ""hi""").
    static func fields(_ line: Substring) -> [Substring] {
        guard line.contains("\"") else {
            return line.split(separator: ",", omittingEmptySubsequences: false).map { trimmedCarriageReturn($0) }
        }
        var result: [Substring] = []
        var current = ""
        var quoted = false
        var iterator = trimmedCarriageReturn(line).makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            current.append("\"")
                        } else {
                            quoted = false
                            pending = next
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                result.append(Substring(current))
                current = ""
            } else {
                current.append(character)
            }
        }
        result.append(Substring(current))
        return result
    }

    private static func trimmedCarriageReturn(_ text: Substring) -> Substring {
        text.last == "\r" ? text.dropLast() : text
    }
}
