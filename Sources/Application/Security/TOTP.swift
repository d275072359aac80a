import Crypto
import Domain
import ExtrasBase64
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
            + "?secret=\(TOTPSecret.text(secret))&issuer=\(PercentEncoding.escaped(issuer))&algorithm=SHA1&digits=6&period=30"
    }
}

/// TOTP secrets as authenticator apps write them: RFC 4648 base32 without padding.
public enum TOTPSecret {
    public static func text(_ bytes: [UInt8]) -> String {
        Base32.encodeToString(bytes: bytes, options: .omitPaddingCharacter)
    }

    /// The secret's bytes, or nil when the text is not base32.
    public static func bytes(_ text: String) -> [UInt8]? {
        let padding = String(repeating: "=", count: (8 - text.utf8.count % 8) % 8)
        return try? Base32.decode(string: text + padding)
    }
}
