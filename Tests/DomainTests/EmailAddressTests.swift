import Testing

@testable import Domain

@Suite struct EmailAddressTests {
    @Test(arguments: [
        ("budi@contoh.co.id", "budi@contoh.co.id"),
        ("  Budi.Santoso@Contoh.CO.ID \n", "Budi.Santoso@contoh.co.id"),
        ("siti+prakerja@gmail.com", "siti+prakerja@gmail.com"),
        ("a@b.id", "a@b.id"),
        ("user@bücher.de", "user@xn--bcher-kva.de"),
        ("user@BÜCHER.de", "user@xn--bcher-kva.de"),
        ("nama@例え.テスト", "nama@xn--r8jz45g.xn--zckzah"),
        ("o'brien@example.com", "o'brien@example.com"),
        ("user@example.com.", "user@example.com"),
        ("\u{00A0}budi@contoh.co.id\u{3000}", "budi@contoh.co.id"),
        ("\tbudi@contoh.co.id", "budi@contoh.co.id"),
    ])
    func normalises(input: String, expected: String) throws {
        #expect(try EmailAddress(input).value == expected)
    }

    /// UTS 46 mapping of the domain, with vectors in the manner of Unicode's IdnaTestV2.txt.
    @Test(arguments: [
        // Full-width letters and full stop, as a phone's wide keyboard types them.
        ("budi@ＣＯＮＴＯＨ．ＣＯ．ＩＤ", "budi@contoh.co.id"),
        ("budi@ｇｍａｉｌ．ｃｏｍ", "budi@gmail.com"),
        // The ideographic and half-width ideographic full stops separate labels.
        ("user@bücher。de", "user@xn--bcher-kva.de"),
        ("user@Bücher｡DE", "user@xn--bcher-kva.de"),
        ("nama@例え。テスト", "nama@xn--r8jz45g.xn--zckzah"),
        // Decomposed input, compatibility digits, ignored characters.
        ("user@bu\u{0308}cher.de", "user@xn--bcher-kva.de"),
        ("user@①②.com", "user@12.com"),
        ("user@ex\u{00AD}am\u{200B}ple.com", "user@example.com"),
        // Non-transitional: ß stays (IDNA 2008), it is not turned into "ss".
        ("user@faß.de", "user@xn--fa-hia.de"),
    ])
    func mapsTheDomainAsUTS46Says(input: String, expected: String) throws {
        #expect(try EmailAddress(input).value == expected)
    }

    @Test(arguments: [
        ("", EmailAddress.Invalid.empty),
        ("   ", .empty),
        ("budi", .missingAt),
        ("@contoh.co.id", .invalidLocalPart),
        ("budi.@contoh.co.id", .invalidLocalPart),
        (".budi@contoh.co.id", .invalidLocalPart),
        ("bu..di@contoh.co.id", .invalidLocalPart),
        ("bu di@contoh.co.id", .invalidLocalPart),
        ("búdi@contoh.co.id", .invalidLocalPart),
        ("budi@", .invalidDomain),
        ("budi@localhost", .invalidDomain),
        ("budi@contoh..id", .invalidDomain),
        ("budi@-contoh.id", .invalidDomain),
        ("budi@contoh-.id", .invalidDomain),
        ("budi@contoh.123", .invalidDomain),
        ("budi@con_toh.id", .invalidDomain),
        ("budi@[127.0.0.1]", .invalidDomain),
    ])
    func rejects(input: String, reason: EmailAddress.Invalid) {
        #expect(throws: reason) { try EmailAddress(input) }
    }

    @Test func rejectsOverlongParts() {
        let local = String(repeating: "a", count: 65)
        #expect(throws: EmailAddress.Invalid.invalidLocalPart) { try EmailAddress("\(local)@contoh.id") }
        let label = String(repeating: "b", count: 64)
        #expect(throws: EmailAddress.Invalid.invalidDomain) { try EmailAddress("a@\(label).id") }
        let longDomain = (0..<5).map { _ in String(repeating: "c", count: 60) }.joined(separator: ".") + ".id"
        #expect(throws: (any Error).self) { try EmailAddress("a@\(longDomain)") }
    }

    @Test(arguments: [
        ("bücher", "bcher-kva"),
        ("münchen", "mnchen-3ya"),
        ("テスト", "zckzah"),
        ("例え", "r8jz45g"),
        ("español", "espaol-zwa"),
    ])
    func punycodeMatchesKnownEncodings(label: String, expected: String) {
        #expect(Punycode.encode(label) == expected)
    }

    @Test func localPartsCompareWithoutCaseAndAreKeptAsTyped() throws {
        let typed = try EmailAddress("Budi.Santoso@Contoh.CO.ID")
        #expect(typed.value == "Budi.Santoso@contoh.co.id")
        #expect(typed.lookupForm == "budi.santoso@contoh.co.id")
        #expect(try EmailAddress("budi.SANTOSO@contoh.co.id").lookupForm == typed.lookupForm)
        #expect(try EmailAddress("budi.santoso+x@contoh.co.id").lookupForm != typed.lookupForm)
    }
}
