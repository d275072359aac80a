import Foundation

/// At most `limit` requests per `window` for one subject (an address, an email, a NIK, a
/// phone), counted in fixed windows so that a counter is one row the database can increment
/// atomically, shared by every server process.
public struct RateLimitRule: Sendable, Hashable, CustomStringConvertible {
    /// Stable name, part of every counter's key.
    public let name: String
    public let limit: Int
    /// Window length in seconds.
    public let window: Int

    public init(name: String, limit: Int, window: Int) {
        precondition(limit > 0 && window > 0, "a rate limit needs a positive limit and window")
        self.name = name
        self.limit = limit
        self.window = window
    }

    /// The start (seconds since 1970) of the window `now` falls in.
    public func windowStart(_ now: Date) -> Int64 {
        let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
        return seconds - seconds % Int64(window)
    }

    /// Whether the `hits`-th request of the window (this one included) may go ahead; if not,
    /// when the window ends.
    public func decide(hits: Int, now: Date) -> Decision {
        if hits <= limit { return .allowed }
        return .limited(until: Date(timeIntervalSince1970: TimeInterval(windowStart(now) + Int64(window))))
    }

    public enum Decision: Sendable, Equatable {
        case allowed
        case limited(until: Date)
    }

    /// "30/1m": how the setting is written.
    public var description: String { "\(limit)/\(Self.format(window))" }

    /// Reads "COUNT/WINDOW" where the window is a number of seconds, minutes, hours or days:
    /// "30/1m", "600/60s", "5/1h", "10/1d".
    public init?(name: String, setting: String) {
        let parts = setting.split(separator: "/")
        guard parts.count == 2, let limit = Int(parts[0]), limit > 0, let unit = parts[1].last,
            let amount = Int(parts[1].dropLast()), amount > 0
        else { return nil }
        let seconds: Int
        switch unit {
        case "s": seconds = amount
        case "m": seconds = amount * 60
        case "h": seconds = amount * 3600
        case "d": seconds = amount * 86_400
        default: return nil
        }
        self.init(name: name, limit: limit, window: seconds)
    }

    static func format(_ seconds: Int) -> String {
        if seconds % 86_400 == 0 { return "\(seconds / 86_400)d" }
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
