import Domain
import Testing

@Suite struct EncodingTests {
    @Test func percentEncodingKeepsOnlyUnreservedASCII() {
        #expect(PercentEncoding.escaped("AZaz09-._~") == "AZaz09-._~")
        #expect(PercentEncoding.escaped("budi+tes@contoh.co.id") == "budi%2Btes%40contoh.co.id")
        #expect(PercentEncoding.escaped("a b&c=d/e?f") == "a%20b%26c%3Dd%2Fe%3Ff")
        // Letters outside ASCII are bytes to escape, not "alphanumerics" to keep.
        #expect(PercentEncoding.escaped("andré@bücher.de") == "andr%C3%A9%40b%C3%BCcher.de")
    }

    @Test func maskedEmailShowsTheFirstCharacterAndTheDomain() {
        #expect(EmailAddress.masked("budi@contoh.co.id") == "b***@contoh.co.id")
        #expect(EmailAddress.masked("@contoh.co.id") == "***")
        #expect(EmailAddress.masked("tanpa-at") == "***")
    }
}
