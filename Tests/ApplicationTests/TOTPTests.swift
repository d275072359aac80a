import Application
import Foundation
import Testing

@Suite struct TOTPTests {
    /// RFC 6238 appendix B (SHA-1), last six digits.
    @Test(arguments: [
        (59.0, "287082"), (1_111_111_109, "081804"), (1_111_111_111, "050471"), (1_234_567_890, "005924"),
        (2_000_000_000, "279037"),
    ])
    func matchesTheRFCVectors(time: Double, code: String) {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        #expect(totp.code(at: Date(timeIntervalSince1970: time)) == code)
    }

    @Test func aCodeWorksOnceAndOnlyNearItsTime() {
        let totp = TOTP(secret: TOTP.generateSecret())
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        let code = totp.code(at: now)
        let step = try! #require(totp.matchingStep(code, at: now, after: 0))
        #expect(totp.matchingStep(code, at: now, after: step) == nil)
        #expect(totp.matchingStep(code, at: now.addingTimeInterval(29), after: 0) != nil)
        #expect(totp.matchingStep(code, at: now.addingTimeInterval(95), after: 0) == nil)
        #expect(totp.matchingStep("12345", at: now, after: 0) == nil)
    }

    @Test func base32FollowsRFC4648() {
        for (text, encoded) in [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foobar", "MZXW6YTBOI")] {
            #expect(TOTPSecret.text(Array(text.utf8)) == encoded)
            #expect(TOTPSecret.bytes(encoded) == Array(text.utf8))
        }
        #expect(TOTPSecret.bytes("MZ1") == nil)
        #expect(
            TOTP(secret: [1, 2, 3]).provisioningURI(account: "ops.admin").hasPrefix(
                "otpauth://totp/Prakerja:ops.admin?secret=AEBAG"))
    }
}
