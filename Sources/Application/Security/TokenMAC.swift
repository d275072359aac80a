import Crypto
import Storage

/// The base64url HMAC-SHA256 of a token's text, which signed tokens (places in line, seeds,
/// known devices) carry after their last dot, keyed once (`KeyedHMAC`).
public struct TokenMAC: Sendable {
    private let keyed: KeyedHMAC

    public init(key: [UInt8]) {
        keyed = KeyedHMAC(key: key)
    }

    public func callAsFunction(_ body: String) -> String {
        keyed.code(body).withUnsafeBytes { RandomTokens.base64URL($0) }
    }
}
