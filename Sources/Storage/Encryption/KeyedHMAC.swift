import Crypto

/// HMAC-SHA256 with the key folded into its inner and outer state once, for the MACs and blind
/// indexes every registration computes: setting HMAC up from the key each time was a third of a
/// token check. A class, so that the values holding it copy a reference: the same state as a
/// stored property of a struct crashed the debug test build when such a struct was copied.
public final class KeyedHMAC: Sendable {
    /// Never mutated: each code updates a copy, which copies the hash contexts first (copy on
    /// write), so concurrent callers only read this one.
    nonisolated(unsafe) private let keyed: HMAC<SHA256>

    public init(key: [UInt8]) {
        keyed = HMAC<SHA256>(key: SymmetricKey(data: key))
    }

    public func code(_ text: String) -> HMAC<SHA256>.MAC {
        var hmac = keyed
        var text = text
        text.withUTF8 { hmac.update(data: UnsafeRawBufferPointer($0)) }
        return hmac.finalize()
    }
}
