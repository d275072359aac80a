import Domain
import Foundation
import Testing

@Suite struct ByteEncodingTests {
    @Test func hexIsTwoLowercaseDigitsPerByte() {
        #expect(ByteEncoding.hex([]) == "")
        #expect(ByteEncoding.hex([0x00, 0x0f, 0xa0, 0xff, 0x5c]) == "000fa0ff5c")
    }

    @Test func base64URLMatchesFoundationWithTheSafeAlphabetAndNoPadding() {
        // RFC 4648 test vectors, then bytes that give "+" and "/" in the standard alphabet.
        for (text, expected) in [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")] {
            #expect(ByteEncoding.base64URL(Array(text.utf8)) == expected)
        }
        #expect(ByteEncoding.base64URL([0xfb, 0xff, 0xbf]) == "-_-_")
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + 11) }
            let foundation = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            #expect(ByteEncoding.base64URL(bytes) == foundation)
        }
    }
}
