import Crypto
import Domain
import Foundation
import Storage

/// Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, six digits), as
/// authenticator apps produce them. A code is accepted for the step before and after the
/// current one (clock drift), and the step it matched is returned so it can be refused again.
public struct TOTP: Sendable {
    public let secret: [UInt8]
    public static let step: TimeInterval = 30

    public init(secret: [UInt8]) {
        self.secret = secret
    }

    public static func generateSecret() -> [UInt8] {
        SecureRandom.bytes(20)
    }

    public func code(at date: Date) -> String { code(step: Self.counter(at: date)) }

    public func code(step: Int64) -> String {
        var counter = UInt64(step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let value =
            (UInt32(mac[offset] & 0x7f) << 24 | UInt32(mac[offset + 1]) << 16 | UInt32(mac[offset + 2]) << 8
                | UInt32(mac[offset + 3])) % 1_000_000
        let digits = String(value)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// The step `submitted` is valid for around `date`, later than `usedStep`, or nil.
    public func matchingStep(_ submitted: String, at date: Date, after usedStep: Int64) -> Int64? {
        let candidate = Array(submitted.trimmingCharacters(in: .whitespaces).utf8)
        let now = Self.counter(at: date)
        var matched: Int64? = nil
        for step in (now - 1)...(now + 1) where step > usedStep {
            // Every candidate step is compared, so timing does not tell which one matched.
            if ConstantTime.equal(candidate, Array(code(step: step).utf8)), matched == nil { matched = step }
        }
        return matched
    }

    static func counter(at date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / step).rounded(.down)) }

    /// The `otpauth://` address authenticator apps read (usually from a QR code).
    public func provisioningURI(account: String, issuer: String = "Prakerja") -> String {
        "otpauth://totp/\(PercentEncoding.escaped(issuer)):\(PercentEncoding.escaped(account))"
            + "?secret=\(Base32.encode(secret))&issuer=\(PercentEncoding.escaped(issuer))&algorithm=SHA1&digits=6&period=30"
    }
}

/// RFC 4648 base32 without padding, as TOTP secrets are written.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    public static func encode(_ bytes: [UInt8]) -> String {
        var output = ""
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = buffer << 8 | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[Int(buffer >> UInt32(bits - 5) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[Int(buffer << UInt32(5 - bits) & 31)]) }
        return output
    }

    public static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for character in text.uppercased() where character != "=" {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = buffer << 5 | UInt32(value)
            bits += 5
            if bits >= 8 {
                output.append(UInt8(buffer >> UInt32(bits - 8) & 0xff))
                bits -= 8
            }
        }
        return output
    }
}
