import Crypto
import Foundation

/// Six-digit codes derived from a key and a stored nonce instead of stored themselves: the
/// database holds no code, and the outbox worker re-derives the same code however often it
/// retries, so a person never receives two different codes for one request.
public struct OneTimeCodes: Sendable {
    let key: [UInt8]

    public init(key: [UInt8]) {
        self.key = key
    }

    public func code(purpose: String, subject: String, nonce: String) -> String {
        let message = Data("\(purpose)\u{1F}\(subject)\u{1F}\(nonce)".utf8)
        let mac = Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
        let number = (UInt32(mac[0]) << 24 | UInt32(mac[1]) << 16 | UInt32(mac[2]) << 8 | UInt32(mac[3])) % 1_000_000
        let digits = String(number)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }

    public func matches(_ submitted: String, purpose: String, subject: String, nonce: String) -> Bool {
        let expected = code(purpose: purpose, subject: subject, nonce: nonce)
        let candidate = submitted.trimmingCharacters(in: .whitespaces)
        return ConstantTime.equal(Array(candidate.utf8), Array(expected.utf8))
    }
}

public enum ConstantTime {
    /// Compares without returning early on the first differing byte.
    public static func equal(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
