import Foundation

/// A day in the calendar without a time or zone: what a birth date is.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses YYYY-MM-DD; nil for any other shape. Whether the day exists is `exists`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Parses a date as people write it: day first (17-08-1990, 17/08/1990, 17.08.1990, 17 08 1990,
    /// 17081990) or year first (1990-08-17, what the API and `<input type=date>` send). Nil for any
    /// other shape; whether the day exists is `exists`.
    public init?(written text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { "-/. ".contains($0) })
            .map(String.init)
        let digitsOnly = parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        guard digitsOnly else { return nil }
        if parts.count == 1, parts[0].count == 8, let day = Int(parts[0].prefix(2)),
            let month = Int(parts[0].dropFirst(2).prefix(2)), let year = Int(parts[0].suffix(4))
        {
            self.init(year: year, month: month, day: day)
            return
        }
        guard parts.count == 3, let first = Int(parts[0]), let second = Int(parts[1]), let third = Int(parts[2]),
            parts[1].count <= 2
        else { return nil }
        if parts[0].count == 4, parts[2].count <= 2 {
            self.init(year: first, month: second, day: third)
        } else if parts[2].count == 4, parts[0].count <= 2 {
            self.init(year: third, month: second, day: first)
        } else {
            return nil
        }
    }

    public static func isLeapYear(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// True when the day exists in that month of that year.
    public var exists: Bool { (1...12).contains(month) && (1...Self.daysIn(month: month, year: year)).contains(day) }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public var description: String {
        "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }
}
