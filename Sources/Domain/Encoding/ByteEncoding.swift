import Foundation

/// Bytes as text for hashes, tokens and MACs. Written over byte arrays because these run
/// several times per request: Foundation's string replacing and `String(format:)` cost more
/// than the HMACs they format (they were about a tenth of the server's time per registration).
public enum ByteEncoding {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Lowercase hexadecimal, two digits a byte.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes of hexadecimal text (either case); nil when it is not whole bytes of hex.
    public static func bytes(hex text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static let base64URLDigits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Base64 with the URL- and cookie-safe alphabet (`-` and `_`) and no padding. Every
    /// waiting-room answer carries a MAC in it, so it is written straight from the bytes.
    public static func base64URL(_ bytes: some Sequence<UInt8>) -> String {
        let input = Array(bytes)
        var text: [UInt8] = []
        text.reserveCapacity((input.count * 4 + 2) / 3)
        var index = 0
        while index < input.count {
            let count = min(3, input.count - index)
            let first = UInt32(input[index]) << 16
            let second = count > 1 ? UInt32(input[index + 1]) << 8 : 0
            let third = count > 2 ? UInt32(input[index + 2]) : 0
            let group = first | second | third
            for digit in 0...count { text.append(base64URLDigits[Int(group >> (18 - 6 * UInt32(digit)) & 0x3F)]) }
            index += 3
        }
        return String(decoding: text, as: UTF8.self)
    }
}
