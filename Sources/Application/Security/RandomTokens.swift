import Crypto
import Domain
import Foundation
import Storage

/// Random identifiers and bearer tokens. Tokens are stored only as their SHA-256.
public enum RandomTokens {
    public static func token(bytes: Int = 32) -> String {
        base64URL(SecureRandom.bytes(bytes))
    }

    /// A UUID of version 7 (RFC 9562): 48 bits of Unix time in milliseconds, then 74 random
    /// bits. Ids made one after another sort one after another, so a surge of inserts appends
    /// to the end of an index instead of touching a random page of it for each row.
    public static func timeOrderedID(now: Date) -> String {
        let millis = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        var bytes = SecureRandom.bytes(16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: millis >> (40 - 8 * UInt64(index))) }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            )
        ).uuidString.lowercased()
    }

    /// A random token after the time in milliseconds as 12 hex digits, so that tokens made one
    /// after another sort one after another (see `timeOrderedID`).
    public static func timeOrderedToken(bytes: Int = 12, now: Date) -> String {
        let millis = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        let hex = String(millis, radix: 16)
        return String(repeating: "0", count: max(0, 12 - hex.count)) + hex + token(bytes: bytes)
    }

    /// Base64 with the URL- and cookie-safe alphabet and no padding.
    public static func base64URL(_ bytes: some Sequence<UInt8>) -> String {
        ByteEncoding.base64URL(bytes)
    }

    public static func hash(_ token: String) -> String {
        ByteEncoding.hex(SHA256.hash(data: Data(token.utf8)))
    }
}
