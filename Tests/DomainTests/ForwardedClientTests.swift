import Domain
import Testing

@Suite struct ForwardedClientTests {
    let proxies = ForwardedClient(trustedProxies: ["10.0.0.2", "10.0.0.3"])

    @Test func aDirectClientIsItsOwnAddressWhateverItClaims() {
        #expect(proxies.client(peer: "203.0.113.9", forwardedFor: "198.51.100.1") == "203.0.113.9")
        #expect(proxies.client(peer: "203.0.113.9", forwardedFor: nil) == "203.0.113.9")
        #expect(ForwardedClient(trustedProxies: []).client(peer: "10.0.0.2", forwardedFor: "1.2.3.4") == "10.0.0.2")
    }

    @Test func behindTrustedProxiesTheLastUntrustedHopIsTheClient() {
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: "198.51.100.1") == "198.51.100.1")
        // A client that sends its own header cannot pick its address: the proxy appends the real one.
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: "1.1.1.1, 198.51.100.1") == "198.51.100.1")
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: "1.1.1.1, 198.51.100.1, 10.0.0.3") == "198.51.100.1")
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: "2001:db8::7") == "2001:db8::7")
        // Only proxies in the list: the first hop is the best there is.
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: "10.0.0.3") == "10.0.0.3")
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: "\t198.51.100.1 ,10.0.0.3  ") == "198.51.100.1")
    }

    @Test func aMalformedHeaderIsNotBelieved() {
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: "") == "10.0.0.2")
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: "bukan-alamat") == "10.0.0.2")
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: "198.51.100.1, , 1.2.3.4") == "10.0.0.2")
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: "198.51.100.1:8080") == "10.0.0.2")
        #expect(proxies.client(peer: nil, forwardedFor: "198.51.100.1") == nil)
    }

    @Test(arguments: [
        ("127.0.0.1", true), ("255.255.255.255", true), ("256.1.1.1", false), ("1.2.3", false),
        ("01.2.3.4", true), ("1.2.3.4.5", false), ("::1", true), ("2001:db8::7", true),
        ("::ffff:192.0.2.1", true), ("2001:db8::1::2", false), ("2001:db8:zz::1", false), ("localhost", false),
        ("", false), ("1.2.3.-4", false), ("1.2.3.٤", false), ("2001:db8::ｆ", false), ("1.2.3.4 ", false),
        ("FE80::1", true),
    ])
    func addressShapes(text: String, valid: Bool) {
        #expect(ForwardedClient.isIPAddress(text) == valid, "\(text)")
    }

    @Test func theSettingListsAddressesOnly() {
        #expect(ForwardedClient(list: "127.0.0.1, ::1")?.trustedProxies == ["127.0.0.1", "::1"])
        #expect(ForwardedClient(list: "127.0.0.1, proxy.internal") == nil)
    }
}
