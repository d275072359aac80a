/// A deterministic made-up population for development, demos and load tests: people with valid
/// NIKs over real district codes, grouped in families that share a family card. The same seed
/// and size always give the same people.
public struct SyntheticPopulation: Sendable {
    public let people: [RegistryRecord]
    private let byNIK: [String: Int]

    static let givenNames = [
        "Budi", "Siti", "Agus", "Dewi", "Rina", "Joko", "Sri", "Ahmad", "Nur", "Eko", "Putri", "Wahyu", "Indah",
        "Hendra",
        "Ayu", "Rizky", "Fitri", "Bambang", "Lestari", "Yusuf", "Made", "Ketut", "Andi", "Maria", "Dian", "Fajar",
    ]
    static let familyNames = [
        "Santoso", "Wijaya", "Saputra", "Lestari", "Hidayat", "Nasution", "Siregar", "Sihombing", "Pratama", "Kusuma",
        "Rahman", "Setiawan", "Gunawan", "Hutapea", "Wulandari", "Putra", "Halim", "Suryadi", "Manurung", "Harahap",
    ]

    /// `size` people in families of one to five, born 1960–2007, 1 in 100 deceased.
    public init(size: Int, seed: UInt64, districtCodes: [String]) {
        var random = SplitMix64(seed: seed)
        let districts = districtCodes.sorted()
        var people: [RegistryRecord] = []
        var serials: [String: Int] = [:]
        while people.count < size {
            let district = districts[Int(random.next() % UInt64(districts.count))]
            let familyName = Self.familyNames[Int(random.next() % UInt64(Self.familyNames.count))]
            let cardSerial = (serials["kk" + district] ?? 0) + 1
            serials["kk" + district] = cardSerial
            let card = district + "2203" + Self.twoDigits(15 + Int(random.next() % 9)) + Self.fourDigits(cardSerial)
            for _ in 0..<min(1 + Int(random.next() % 5), size - people.count) {
                let female = random.next() % 2 == 0
                let birth = CalendarDate(
                    year: 1960 + Int(random.next() % 48), month: 1 + Int(random.next() % 12),
                    day: 1 + Int(random.next() % 28))
                let stem =
                    district + Self.twoDigits(birth.day + (female ? 40 : 0)) + Self.twoDigits(birth.month)
                    + Self.twoDigits(birth.year % 100)
                let serial = (serials[stem] ?? 0) + 1
                serials[stem] = serial
                let given = Self.givenNames[Int(random.next() % UInt64(Self.givenNames.count))]
                people.append(
                    RegistryRecord(
                        nik: stem + Self.fourDigits(serial), familyCardNumber: card,
                        fullName: "\(given) \(familyName)".uppercased(), birthDate: birth,
                        isAlive: random.next() % 100 != 0))
            }
        }
        self.people = people
        var index: [String: Int] = [:]
        for (position, person) in people.enumerated() { index[person.nik] = position }
        byNIK = index
    }

    public func record(nik: String) -> RegistryRecord? { byNIK[nik].map { people[$0] } }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
    static func fourDigits(_ value: Int) -> String {
        String(repeating: "0", count: max(0, 4 - String(value).count)) + String(value)
    }
}

/// A small seeded random number generator (SplitMix64), so populations are reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
