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
    /// malformed list is not believed at all.
    public func client(peer: String?, forwardedFor: String?) -> String? {
        guard let peer, trustedProxies.contains(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard !hops.isEmpty, hops.allSatisfy(Self.isIPAddress) else { return peer }
        return hops.last(where: { !trustedProxies.contains($0) }) ?? hops.first
    }

    /// A dotted IPv4 address or a textual IPv6 address (shape only; no zone ids or ports).
    public static func isIPAddress(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4, !text.contains(":") {
            return parts.allSatisfy { part in
                !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber)
                    && Int(part).map { $0 <= 255 } == true
            }
        }
        guard text.contains(":"), (2...45).contains(text.count) else { return false }
        let groups = text.split(separator: ":", omittingEmptySubsequences: false)
        guard groups.count >= 3, groups.count <= 8, text.components(separatedBy: "::").count <= 2 else { return false }
        for (index, group) in groups.enumerated() {
            if index == groups.count - 1, group.contains(".") { return isIPAddress(String(group)) }
            guard group.count <= 4, group.allSatisfy(\.isHexDigit) else { return false }
        }
        return true
    }
}
