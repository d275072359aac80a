import Application
import Domain
import Foundation
import Synchronization

/// Hands out proof-of-work challenges, harder when the server is busy and when one address
/// asks for many (counted per process for the last minute: a hint for difficulty, not a limit).
final class ChallengeIssuer: Sendable {
    let proofOfWork: ProofOfWork
    let policy: ProofOfWorkPolicy
    let load: @Sendable () -> Double
    private let recent = Mutex<(minute: Int64, counts: [String: Int])>((0, [:]))

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

    func issue(for address: String?, now: Date) -> Issued {
        let minute = Int64(now.timeIntervalSince1970) / 60
        let count = recent.withLock { state in
            if state.minute != minute { state = (minute, [:]) }
            let key = address ?? "unknown"
            state.counts[key, default: 0] += 1
            return state.counts[key] ?? 1
        }
        let bits = policy.bits(load: load(), challengesFromAddressLastMinute: count)
        return Issued(
            challenge: proofOfWork.issue(bits: bits, now: now, lifetime: policy.lifetime), bits: bits,
            expiresAt: now.addingTimeInterval(TimeInterval(policy.lifetime)))
    }
}
