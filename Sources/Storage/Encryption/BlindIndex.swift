import Crypto
import Domain
import Foundation

/// Keyed hashes (HMAC-SHA256) of identity numbers, phones and emails: equal values give equal
/// hashes, so they can be looked up and kept unique, but without the key a hash reveals nothing.
/// The key is not a data key.
public struct BlindIndex: Sendable {
    let key: [UInt8]

    public init(key: [UInt8]) {
        self.key = key
    }

    public func hash(_ value: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: SymmetricKey(data: key))
        return ByteEncoding.hex(mac)
    }
}
