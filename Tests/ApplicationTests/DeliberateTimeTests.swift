import Application
import Testing

@Suite struct DeliberateTimeTests {
    @Test func passwordHashingCountsAsDeliberateTimeOfTheRequestThatRunsIt() async throws {
        let hasher = PasswordHasher(cost: 8)
        let meter = DeliberateTime()
        let hash = try await DeliberateTime.$current.withValue(meter) { try await hasher.hash("sandi-rahasia-9") }
        let afterHash = meter.seconds
        #expect(afterHash > 0)
        _ = try await DeliberateTime.$current.withValue(meter) {
            try await hasher.verify("sandi-rahasia-9", hash: hash)
        }
        #expect(meter.seconds > afterHash, "a check adds to the same request's meter")

        let afterCheck = meter.seconds
        _ = try await hasher.verify("sandi-rahasia-9", hash: hash)
        #expect(meter.seconds == afterCheck, "work outside the measured request does not count in it")
    }
}
