import Crypto

/// The base64url HMAC-SHA256 of a token's text, which signed tokens (places in line, seeds,
/// known devices) carry after their last dot. The key is folded into HMAC's inner and outer
/// state once: the waiting room and every registration sign or check a token, and setting up
/// HMAC from the key each time was a third of the check.
public struct TokenMAC: Sendable {
    /// Never mutated: a copy shares the hash contexts until its first update, which copies them
    /// (copy on write), so concurrent copies only read this one.
    nonisolated(unsafe) private let keyed: HMAC<SHA256>

    public init(key: [UInt8]) {
        keyed = HMAC<SHA256>(key: SymmetricKey(data: key))
    }

    public func callAsFunction(_ body: String) -> String {
        var hmac = keyed
        var body = body
        body.withUTF8 { hmac.update(data: UnsafeRawBufferPointer($0)) }
        return hmac.finalize().withUnsafeBytes { RandomTokens.base64URL($0) }
    }
}
