import Application
import Domain
import Foundation
import Synchronization

/// Hands out proof-of-work challenges and seeds, and says how hard a solution must be: harder
/// when the server is busy and when one address asks for many challenges or sends many seed
/// registrations (counted per process for the last minute: a hint for difficulty, not a limit).
final class ChallengeIssuer: Sendable {
    let proofOfWork: ProofOfWork
    let policy: ProofOfWorkPolicy
    let load: @Sendable () -> Double
    private let recent = Mutex<(minute: Int64, counts: [String: Int])>((0, [:]))
    private let registrations = Mutex<(minute: Int64, counts: [String: Int])>((0, [:]))

    init(proofOfWork: ProofOfWork, policy: ProofOfWorkPolicy, load: @escaping @Sendable () -> Double) {
        self.proofOfWork = proofOfWork
        self.policy = policy
        self.load = load
    }

    struct Issued: Encodable {
        let challenge: String
        let bits: Int
        let expiresAt: Date
        let algorithm = "sha256-leading-zero-bits"
    }

    struct Seed: Encodable {
        let seed: String
        let bits: Int
        let expiresAt: Date
        let algorithm = "sha256-seed-email-leading-zero-bits"
    }

    func issue(for address: String?, now: Date) -> Issued {
        let count = Self.count(address, now: now, in: recent)
        let bits = policy.bits(load: load(), challengesFromAddressLastMinute: count)
        return Issued(
            challenge: proofOfWork.issue(bits: bits, now: now, lifetime: policy.lifetime), bits: bits,
            expiresAt: now.addingTimeInterval(TimeInterval(policy.lifetime)))
    }

    /// The current seed, and the difficulty a solution needs now from anyone (busy addresses
    /// are told more when they send one).
    func seed(now: Date) -> Seed {
        let seed = proofOfWork.seed(now: now, period: policy.seedPeriod)
        return Seed(
            seed: seed.seed, bits: policy.bits(load: load(), challengesFromAddressLastMinute: 0),
            expiresAt: seed.expiresAt)
    }

    /// The zero bits a seed solution from `address` must reach: counts this registration.
    func requiredBits(for address: String?, now: Date) -> Int {
        policy.bits(load: load(), challengesFromAddressLastMinute: Self.count(address, now: now, in: registrations))
    }

    /// Counts one more for `address` this minute; the count so far.
    private static func count(
        _ address: String?, now: Date, in counter: borrowing Mutex<(minute: Int64, counts: [String: Int])>
    ) -> Int {
        let minute = Int64(now.timeIntervalSince1970) / 60
        return counter.withLock { state in
            if state.minute != minute { state = (minute, [:]) }
            let key = address ?? "unknown"
            state.counts[key, default: 0] += 1
            return state.counts[key] ?? 1
        }
    }
}
