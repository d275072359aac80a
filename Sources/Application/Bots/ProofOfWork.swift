import Crypto
import Domain
import Foundation

/// Proof of work without a third party, in two forms.
///
/// - **Seeds bound to the email** (one request per registration): the server publishes a signed
///   seed that changes every `seedPeriod` seconds ("s1.<period>.<mac>"); the client finds a nonce
///   such that SHA-256(seed + ":" + email + ":" + nonce) starts with enough zero bits, and sends
///   it with the registration. Checking is one HMAC and one hash, and nothing is stored: a
///   solution admits only its own email address, whose second registration changes nothing.
/// - **Challenges** (`POST /api/v1/challenges`, the older two-request form): a signed random
///   challenge with its difficulty and expiry, SHA-256(challenge + ":" + nonce), spent once in
///   the database.
public struct ProofOfWork: Sendable {
    private let mac: TokenMAC

    public init(key: [UInt8]) {
        mac = TokenMAC(key: key)
    }

    public enum Failure: Error, Equatable, Sendable {
        case missing
        case malformed
        /// Not signed by us, or altered.
        case forged
        case expired
        /// The nonce does not reach the challenge's difficulty.
        case unsolved
        /// Already used once.
        case replayed
        /// A waiting token presented before its time.
        case tooEarly(seconds: Int)
        /// Solved, but the server now asks more of this sender (load, or a busy address).
        case insufficient(bits: Int)

        public var code: String {
            switch self {
            case .missing: "proof_of_work_required"
            case .malformed, .forged, .unsolved: "proof_of_work_invalid"
            case .expired: "proof_of_work_expired"
            case .replayed: "proof_of_work_replayed"
            case .tooEarly: "proof_of_work_too_early"
            case .insufficient: "proof_of_work_insufficient"
            }
        }
    }

    /// A checked solution, to be spent in the transaction it admits.
    public struct Solved: Sendable, Equatable {
        public let challengeID: String
        public let expiresAt: Date
        /// Whether the solution must be recorded as spent: a challenge admits one registration of
        /// any address, so it is; a seed solution is bound to its address and needs no record.
        public var spendOnce = true
    }

    /// The seed for the period `now` falls in: the same for every client in that period, so a
    /// client fetches it once for many registrations (and a page carries it).
    public func seed(now: Date, period: Int) -> (seed: String, expiresAt: Date) {
        let index = Int64(now.timeIntervalSince1970) / Int64(period)
        let body = "s1.\(index)"
        return ("\(body).\(mac(body))", Date(timeIntervalSince1970: Double((index + 1) * Int64(period))))
    }

    /// Checks a seed solution for `email` (as `boundEmail` writes it). A seed is accepted in its
    /// own period and the next, so a client that fetched it just before a change is not refused.
    public func verify(
        seed: String?, email: String, nonce: String?, requiredBits: Int, now: Date, period: Int
    ) throws(Failure) -> Solved {
        guard let seed, let nonce, !seed.isEmpty, !nonce.isEmpty else { throw .missing }
        let parts = seed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "s1", let index = Int64(parts[1]), nonce.count <= 32,
            nonce.allSatisfy({ $0.isASCII && !$0.isWhitespace })
        else { throw .malformed }
        let body = parts[0..<2].joined(separator: ".")
        guard ConstantTime.equal(Array(mac(body).utf8), Array(parts[2].utf8)) else { throw .forged }
        let current = Int64(now.timeIntervalSince1970) / Int64(period)
        guard index == current || index == current - 1 else { throw .expired }
        let zeroBits = ProofOfWorkPolicy.leadingZeroBits(
            SHA256.hash(data: Data("\(seed):\(Self.boundEmail(email)):\(nonce)".utf8)))
        guard zeroBits >= requiredBits else { throw .insufficient(bits: requiredBits) }
        return Solved(
            challengeID: String(parts[1]), expiresAt: Date(timeIntervalSince1970: Double((index + 2) * Int64(period))),
            spendOnce: false)
    }

    /// The address as a seed solution binds it: trimmed and in lower case, as the page's script
    /// writes it before hashing.
    public static func boundEmail(_ typed: String) -> String {
        EmailAddress.trimmed(typed).lowercased()
    }

    /// Finds a seed solution for `email` with `bits` zero bits: for API clients, tests and load tools.
    public static func solve(seed: String, email: String, bits: Int) -> String {
        var nonce = 0
        let prefix = "\(seed):\(boundEmail(email)):"
        while ProofOfWorkPolicy.leadingZeroBits(SHA256.hash(data: Data("\(prefix)\(nonce)".utf8))) < bits {
            nonce += 1
        }
        return String(nonce)
    }

    /// "v1.<id>.<bits>.<expires>.<mac>", all URL-safe.
    public func issue(bits: Int, now: Date, lifetime: Int) -> String {
        // Time-ordered, as it becomes the spent proof's key.
        let id = RandomTokens.timeOrderedToken(now: now)
        let expires = Int64(now.timeIntervalSince1970) + Int64(lifetime)
        let body = "v1.\(id).\(bits).\(expires)"
        return "\(body).\(mac(body))"
    }

    public func verify(challenge: String?, nonce: String?, now: Date) throws(Failure) -> Solved {
        guard let challenge, let nonce, !challenge.isEmpty, !nonce.isEmpty else { throw .missing }
        let parts = challenge.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "v1", let bits = Int(parts[2]), (0...64).contains(bits),
            let expires = Int64(parts[3]), nonce.count <= 32, nonce.allSatisfy({ $0.isASCII && !$0.isWhitespace })
        else { throw .malformed }
        let body = parts[0..<4].joined(separator: ".")
        guard ConstantTime.equal(Array(mac(body).utf8), Array(parts[4].utf8)) else { throw .forged }
        guard Double(expires) > now.timeIntervalSince1970 else { throw .expired }
        guard Self.zeroBits(challenge: challenge, nonce: nonce) >= bits else { throw .unsolved }
        return Solved(challengeID: String(parts[1]), expiresAt: Date(timeIntervalSince1970: Double(expires)))
    }

    /// The fallback for browsers without JavaScript: a signed token that becomes valid after
    /// `seconds`, "w1.<id>.<not before>.<expires>.<mac>". Waiting costs a bot time instead of
    /// hashes; like a solved challenge, it admits one registration.
    public func issueWait(seconds: Int, now: Date, lifetime: Int) -> String {
        let id = RandomTokens.timeOrderedToken(now: now)
        let start = Int64(now.timeIntervalSince1970)
        let body = "w1.\(id).\(start + Int64(seconds)).\(start + Int64(seconds + lifetime))"
        return "\(body).\(mac(body))"
    }

    public func verifyWait(_ token: String?, now: Date) throws(Failure) -> Solved {
        guard let token, !token.isEmpty else { throw .missing }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "w1", let notBefore = Int64(parts[2]), let expires = Int64(parts[3])
        else { throw .malformed }
        let body = parts[0..<4].joined(separator: ".")
        guard ConstantTime.equal(Array(mac(body).utf8), Array(parts[4].utf8)) else { throw .forged }
        let seconds = now.timeIntervalSince1970
        guard Double(expires) > seconds else { throw .expired }
        guard Double(notBefore) <= seconds else {
            throw .tooEarly(seconds: Int((Double(notBefore) - seconds).rounded(.up)))
        }
        return Solved(challengeID: "w" + parts[1], expiresAt: Date(timeIntervalSince1970: Double(expires)))
    }

    /// The difficulty a challenge was issued with, or nil when it is not one of ours.
    public static func bits(of challenge: String) -> Int? {
        let parts = challenge.split(separator: ".")
        return parts.count == 5 ? Int(parts[2]) : nil
    }

    static func zeroBits(challenge: String, nonce: String) -> Int {
        ProofOfWorkPolicy.leadingZeroBits(SHA256.hash(data: Data("\(challenge):\(nonce)".utf8)))
    }

    /// Whether `nonce` solves `challenge` (signature and expiry aside).
    public static func solves(_ challenge: String, nonce: String) -> Bool {
        zeroBits(challenge: challenge, nonce: nonce) >= (bits(of: challenge) ?? 0)
    }

    /// Finds a nonce by brute force, as a client does: for API clients, tests and load tools.
    public static func solve(_ challenge: String) -> String {
        let bits = Self.bits(of: challenge) ?? 0
        var nonce = 0
        while zeroBits(challenge: challenge, nonce: String(nonce)) < bits { nonce += 1 }
        return String(nonce)
    }
}
