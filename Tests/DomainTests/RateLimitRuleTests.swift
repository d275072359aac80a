import Domain
import Foundation
import Testing

@Suite struct RateLimitRuleTests {
    @Test func countsInFixedWindowsAndSaysWhenTheWindowEnds() {
        let rule = RateLimitRule(name: "t", limit: 3, window: 60)
        let now = Date(timeIntervalSince1970: 1_000_030)
        #expect(rule.windowStart(now) == 1_000_020)
        #expect(rule.decide(hits: 3, now: now) == .allowed)
        #expect(rule.decide(hits: 4, now: now) == .limited(until: Date(timeIntervalSince1970: 1_000_080)))
    }

    @Test(arguments: [
        ("30/1m", 30, 60), ("600/60s", 600, 60), ("5/1h", 5, 3600), ("10/2d", 10, 172_800),
    ])
    func settingsReadAsCountPerWindow(setting: String, limit: Int, window: Int) throws {
        let rule = try #require(RateLimitRule(name: "x", setting: setting))
        #expect(rule.limit == limit && rule.window == window)
        #expect(RateLimitRule(name: "x", setting: rule.description) == rule)
    }

    @Test(arguments: ["30", "0/1m", "-1/1m", "30/m", "30/1w", "a/1m", "30/0s"])
    func malformedSettingsAreRefused(setting: String) {
        #expect(RateLimitRule(name: "x", setting: setting) == nil)
    }
}

@Suite struct ProofOfWorkPolicyTests {
    @Test func difficultyRisesWithLoadAndWithOneAddressAskingOften() {
        let policy = ProofOfWorkPolicy(baseBits: 16, maximumBits: 22, challengesPerAddressPerMinute: 20)
        #expect(policy.bits(load: 0.2, challengesFromAddressLastMinute: 1) == 16)
        #expect(policy.bits(load: 0.75, challengesFromAddressLastMinute: 1) == 17)
        #expect(policy.bits(load: 1.5, challengesFromAddressLastMinute: 1) == 18)
        #expect(policy.bits(load: 0, challengesFromAddressLastMinute: 21) == 17)
        #expect(policy.bits(load: 0, challengesFromAddressLastMinute: 80) == 18)
        #expect(policy.bits(load: 2, challengesFromAddressLastMinute: 100_000) == 22)
    }

    @Test func leadingZeroBitsCountAcrossBytes() {
        #expect(ProofOfWorkPolicy.leadingZeroBits([0xFF]) == 0)
        #expect(ProofOfWorkPolicy.leadingZeroBits([0x00, 0x1F]) == 11)
        #expect(ProofOfWorkPolicy.leadingZeroBits([0x00, 0x00]) == 16)
    }
}
