/// How hard the registration proof of work is: a base number of leading zero bits (each bit
/// doubles the expected work), raised when the server is under load and when one address asks
/// for many challenges, up to a ceiling.
public struct ProofOfWorkPolicy: Sendable, Equatable {
    /// 14 bits: about 16,000 hashes. The page's script took 37 ms for 14 bits and 132 ms for 16
    /// in headless Chromium on the 2-core development machine; a cheap phone is slower (not
    /// measured). Not a wall on its own: it makes every registration cost the sender CPU,
    /// rising under load and for busy addresses, beside the rate limits.
    public var baseBits: Int
    public var maximumBits: Int
    /// Challenges (or seed registrations) one address may send per minute before each doubling
    /// of the rate costs another bit.
    public var challengesPerAddressPerMinute: Int
    /// Seconds a challenge stays valid.
    public var lifetime: Int
    /// Seconds between seed changes; a seed is accepted in its period and the next.
    public var seedPeriod: Int

    public init(
        baseBits: Int = 14, maximumBits: Int = 24, challengesPerAddressPerMinute: Int = 20, lifetime: Int = 600,
        seedPeriod: Int = 300
    ) {
        self.baseBits = baseBits
        self.maximumBits = maximumBits
        self.challengesPerAddressPerMinute = challengesPerAddressPerMinute
        self.lifetime = lifetime
        self.seedPeriod = seedPeriod
    }

    /// `load` is the share of the server's capacity in use (0 to 1 and beyond).
    public func bits(load: Double, challengesFromAddressLastMinute: Int) -> Int {
        var bits = baseBits
        if load >= 0.9 { bits += 2 } else if load >= 0.7 { bits += 1 }
        var rate = challengesFromAddressLastMinute
        while rate > challengesPerAddressPerMinute {
            bits += 1
            rate /= 2
        }
        return min(bits, maximumBits)
    }

    /// Leading zero bits of a digest: what a solution must reach.
    public static func leadingZeroBits(_ bytes: some Sequence<UInt8>) -> Int {
        var bits = 0
        for byte in bytes {
            if byte == 0 {
                bits += 8
                continue
            }
            return bits + byte.leadingZeroBitCount
        }
        return bits
    }
}
