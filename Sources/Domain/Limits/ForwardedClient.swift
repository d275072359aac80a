import Foundation

/// Which address a request comes from when the platform runs behind load balancers or reverse
/// proxies: they connect on the client's behalf and name the client in `X-Forwarded-For`.
/// The header is believed only from the proxies configured as trusted, and only as far back as
/// the chain of trusted proxies goes: anyone can send the header, so the address that counts is
/// the last one added by a proxy we trust. Per-address limits depend on it: without it every
/// request behind a load balancer would count against the balancer's one address.
public struct ForwardedClient: Sendable, Equatable {
    public let trustedProxies: Set<String>

    public init(trustedProxies: Set<String>) {
        self.trustedProxies = trustedProxies
    }

    /// Reads a comma-separated list of proxy addresses; nil when one is not an IP address.
    public init?(list: String) {
        let addresses = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        guard addresses.allSatisfy(Self.isIPAddress) else { return nil }
        self.init(trustedProxies: Set(addresses))
    }

    /// The client's address: `peer` itself unless it is a trusted proxy; then, walking the
    /// forwarded list from the right, the first address that is not a trusted proxy. A
    /// malformed list is not believed at all. Read byte by byte: every request behind a load
    /// balancer passes here, and Foundation's trimming cost more than the rest of turning a
    /// newcomer away.
    public func client(peer: String?, forwardedFor: String?) -> String? {
        guard let peer, trustedProxies.contains(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map {
            String(Substring(Self.trimmed($0)))
        }
        guard !hops.isEmpty, hops.allSatisfy(Self.isIPAddress) else { return peer }
        return hops.last(where: { !trustedProxies.contains($0) }) ?? hops.first
    }

    private static func trimmed(_ bytes: Substring.UTF8View) -> Substring.UTF8View {
        let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) })
        else { return bytes[bytes.endIndex...] }
        return bytes[first...last]
    }

    /// A dotted IPv4 address or a textual IPv6 address (shape only, ASCII only; no zone ids or
    /// ports).
    public static func isIPAddress(_ text: String) -> Bool {
        isIPAddress(Substring(text).utf8)
    }

    private static func isIPAddress(_ text: Substring.UTF8View) -> Bool {
        let colon = UInt8(ascii: ":")
        guard text.contains(colon) else { return isIPv4(text) }
        guard (2...45).contains(text.count) else { return false }
        let groups = text.split(separator: colon, omittingEmptySubsequences: false)
        guard groups.count >= 3, groups.count <= 8, doubleColons(in: text) <= 1 else { return false }
        for (index, group) in groups.enumerated() {
            if index == groups.count - 1, group.contains(UInt8(ascii: ".")) { return isIPv4(group) }
            guard group.count <= 4, group.allSatisfy(isHexDigit) else { return false }
        }
        return true
    }

    private static func isIPv4(_ text: Substring.UTF8View) -> Bool {
        let parts = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            guard (1...3).contains(part.count), part.allSatisfy(isDigit) else { return false }
            return part.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) } <= 255
        }
    }

    /// Non-overlapping occurrences of `::`, counted from the left.
    private static func doubleColons(in text: Substring.UTF8View) -> Int {
        var count = 0
        var previousWasColon = false
        for byte in text {
            if byte == UInt8(ascii: ":") && previousWasColon {
                count += 1
                previousWasColon = false
            } else {
                previousWasColon = byte == UInt8(ascii: ":")
            }
        }
        return count
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }
}
