import Application
import Testing

@Suite struct SecureRandomTests {
    @Test func secureRandomGivesExactlyTheBytesAskedForAndNeverTheSameTwice() {
        for count in [0, 1, 7, 8, 9, 32, 33] { #expect(SecureRandom.bytes(count).count == count) }
        #expect(SecureRandom.bytes(32) != SecureRandom.bytes(32))
    }
}
