import Crypto
import Domain
import Foundation

/// Keyed hashes (HMAC-SHA256) of identity numbers, phones and emails: equal values give equal
/// hashes, so they can be looked up and kept unique, but without the key a hash reveals nothing.
/// The key is not a data key.
public struct BlindIndex: Sendable {
    private let keyed: KeyedHMAC

    public init(key: [UInt8]) {
        keyed = KeyedHMAC(key: key)
    }

    public func hash(_ value: String) -> String {
        ByteEncoding.hex(keyed.code(value))
    }
}
