import Application
import Domain
import Foundation
import Testing

@Suite struct ProofOfWorkTests {
    let proofOfWork = ProofOfWork(key: [UInt8](repeating: 4, count: 32))
    let now = Date(timeIntervalSince1970: 1_780_000_000)

    @Test func aSolvedChallengeVerifiesUntilItExpires() throws {
        let challenge = proofOfWork.issue(bits: 12, now: now, lifetime: 600)
        #expect(ProofOfWork.bits(of: challenge) == 12)
        let nonce = ProofOfWork.solve(challenge)
        let solved = try proofOfWork.verify(challenge: challenge, nonce: nonce, now: now.addingTimeInterval(599))
        #expect(solved.expiresAt == now.addingTimeInterval(600))
        #expect(throws: ProofOfWork.Failure.expired) {
            try proofOfWork.verify(challenge: challenge, nonce: nonce, now: now.addingTimeInterval(600))
        }
    }

    @Test func forgedMalformedAndUnsolvedChallengesAreRefused() {
        let challenge = proofOfWork.issue(bits: 20, now: now, lifetime: 600)
        let other = ProofOfWork(key: [UInt8](repeating: 5, count: 32)).issue(bits: 20, now: now, lifetime: 600)
        #expect(throws: ProofOfWork.Failure.forged) {
            try proofOfWork.verify(challenge: other, nonce: "1", now: now)
        }
        #expect(throws: ProofOfWork.Failure.malformed) {
            try proofOfWork.verify(challenge: "v1.abc", nonce: "1", now: now)
        }
        #expect(throws: ProofOfWork.Failure.missing) {
            try proofOfWork.verify(challenge: challenge, nonce: nil, now: now)
        }
        // With 20 bits, the nonces 0…9 almost surely miss (about 1 in 100,000 would not).
        let misses = (0..<10).filter { nonce in
            (try? proofOfWork.verify(challenge: challenge, nonce: String(nonce), now: now)) == nil
        }
        #expect(misses.count >= 9)
    }

    /// A seed solution is bound to one address: it admits that address (in any case or
    /// spacing), no other, for its seed's period and the next, and is never recorded as spent.
    @Test func aSeedSolutionAdmitsItsOwnAddressOnly() throws {
        let seed = proofOfWork.seed(now: now, period: 300)
        #expect(seed.expiresAt.timeIntervalSince1970 == Double((1_780_000_000 / 300 + 1) * 300))
        #expect(proofOfWork.seed(now: now.addingTimeInterval(1), period: 300).seed == seed.seed)
        let nonce = ProofOfWork.solve(seed: seed.seed, email: "Ani@Contoh.co.id ", bits: 12)
        let solved = try proofOfWork.verify(
            seed: seed.seed, email: "ani@contoh.co.id", nonce: nonce, requiredBits: 12, now: now, period: 300)
        #expect(solved.spendOnce == false)
        // The next period still accepts it; the one after does not.
        let later = seed.expiresAt.addingTimeInterval(299)
        _ = try proofOfWork.verify(
            seed: seed.seed, email: "ani@contoh.co.id", nonce: nonce, requiredBits: 12, now: later, period: 300)
        #expect(throws: ProofOfWork.Failure.expired) {
            try proofOfWork.verify(
                seed: seed.seed, email: "ani@contoh.co.id", nonce: nonce, requiredBits: 12,
                now: later.addingTimeInterval(301), period: 300)
        }
        // Another address, or a harder requirement: not enough. (Another address reaching 12
        // bits with the same nonce happens once in 4,096.)
        #expect(throws: ProofOfWork.Failure.insufficient(bits: 12)) {
            try proofOfWork.verify(
                seed: seed.seed, email: "budi@contoh.co.id", nonce: nonce, requiredBits: 12, now: now, period: 300)
        }
        // The first nonce to reach 12 bits reaches 30 once in 2^18 tries.
        #expect(throws: ProofOfWork.Failure.insufficient(bits: 30)) {
            try proofOfWork.verify(
                seed: seed.seed, email: "ani@contoh.co.id", nonce: nonce, requiredBits: 30, now: now, period: 300)
        }
    }

    @Test func forgedAndMalformedSeedsAreRefused() {
        let seed = proofOfWork.seed(now: now, period: 300).seed
        let other = ProofOfWork(key: [UInt8](repeating: 5, count: 32)).seed(now: now, period: 300).seed
        #expect(throws: ProofOfWork.Failure.forged) {
            try proofOfWork.verify(seed: other, email: "a@b.id", nonce: "1", requiredBits: 0, now: now, period: 300)
        }
        // Moving a seed to another period breaks its signature.
        let parts = seed.split(separator: ".").map(String.init)
        let moved = [parts[0], String(Int(parts[1])! + 1), parts[2]].joined(separator: ".")
        #expect(throws: ProofOfWork.Failure.forged) {
            try proofOfWork.verify(seed: moved, email: "a@b.id", nonce: "1", requiredBits: 0, now: now, period: 300)
        }
        #expect(throws: ProofOfWork.Failure.malformed) {
            try proofOfWork.verify(seed: "s1", email: "a@b.id", nonce: "1", requiredBits: 0, now: now, period: 300)
        }
        #expect(throws: ProofOfWork.Failure.missing) {
            try proofOfWork.verify(seed: seed, email: "a@b.id", nonce: nil, requiredBits: 0, now: now, period: 300)
        }
    }

    @Test func aWaitingTokenIsValidOnlyAfterItsWait() throws {
        let token = proofOfWork.issueWait(seconds: 4, now: now, lifetime: 600)
        #expect(throws: ProofOfWork.Failure.tooEarly(seconds: 2)) {
            try proofOfWork.verifyWait(token, now: now.addingTimeInterval(2))
        }
        let solved = try proofOfWork.verifyWait(token, now: now.addingTimeInterval(4))
        #expect(solved.challengeID.hasPrefix("w"))
        #expect(throws: ProofOfWork.Failure.expired) {
            try proofOfWork.verifyWait(token, now: now.addingTimeInterval(605))
        }
        #expect(throws: ProofOfWork.Failure.forged) {
            try proofOfWork.verifyWait(
                token.replacingOccurrences(of: ".1780000004.", with: ".1780000000."), now: now.addingTimeInterval(4))
        }
    }
}
