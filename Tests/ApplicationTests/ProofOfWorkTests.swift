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
