import Application
import ArgumentParser
import Foundation

/// A time given on the command line: ISO 8601 (`2026-12-01T09:00:00+07:00`) or `+SECONDS` from now.
enum Moment {
    static func parse(_ text: String, option: String, now: Date) throws -> Date {
        if text.hasPrefix("+"), let seconds = Double(text.dropFirst()) { return now.addingTimeInterval(seconds) }
        if let parsed = ISO8601DateFormatter().date(from: text) { return parsed }
        throw ValidationError("\(option) must be an ISO 8601 time or +SECONDS, got \(text)")
    }
}
