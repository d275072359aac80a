import Foundation
import Synchronization

/// The `Date` header's text (RFC 9110's IMF-fixdate, "Mon, 07 Dec 2026 23:13:12 GMT"), made
/// once a second, for answers written below the router (Hummingbird dates the others).
final class HTTPDateText: Sendable {
    private let latest = Mutex<(second: Int64, text: String)>((.min, ""))

    func text(for date: Date) -> String {
        let second = Int64(date.timeIntervalSince1970.rounded(.down))
        return latest.withLock { latest in
            if latest.second != second { latest = (second, Self.format(second)) }
            return latest.text
        }
    }

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ second: Int64) -> String {
        var time = time_t(second)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
