/// A national identity number (Nomor Induk Kependudukan) read as data/NIK_RULES.md describes:
/// digits 1–6 the region where it was first issued (Kemendagri codes; "99" + country + mission
/// for an NIT issued abroad), 7–12 the birth date DDMMYY with 40 added to the day for women,
/// 13–16 a serial from 0001. There is no check digit: only the civil registry can confirm one.
public struct NIK: Sendable, Hashable {
    public enum Sex: String, Sendable { case male, female }

    /// The first two digits of an NIT, issued to citizens abroad.
    public static let nitPrefix = "99"

    public let digits: String
    /// Issued abroad (prefix 99): a Nomor Identitas Tunggal, with the same standing as an NIK.
    public let isNIT: Bool
    /// The encoded birth date with the century inferred; nil when day or month is out of range.
    public let birthDate: CalendarDate?
    public let sex: Sex?
    public let serial: Int
    /// The region code is one retired by a later split (old Papua codes), still valid in NIKs.
    public let hasRetiredRegionCode: Bool

    public var provinceCode: Substring { digits.prefix(2) }
    public var regencyCode: Substring { digits.prefix(4) }
    public var districtCode: Substring { digits.prefix(6) }

    /// The result of reading an NIK: the value (unless the input is not 16 digits) and findings.
    public struct Check: Sendable {
        public let nik: NIK?
        public let findings: [IdentityFinding]

        /// No finding is an error; warnings may remain.
        public var isAcceptable: Bool { nik != nil && !findings.contains { $0.severity == .error } }
        public func has(_ code: IdentityFinding.Code) -> Bool { findings.contains { $0.code == code } }
    }

    /// Reads `input` (spaces allowed between digits). `today` sets the century of the birth
    /// year: the latest date not after today.
    public static func check(_ input: String, regions: RegionTable, today: CalendarDate) -> Check {
        // Working on bytes: list imports read millions of these.
        let bytes = input.utf8.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
        guard bytes.count == 16, bytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return Check(nik: nil, findings: [IdentityFinding(.notSixteenDigits)])
        }
        let digits = String(decoding: bytes, as: UTF8.self)
        var findings: [IdentityFinding] = []
        let numbers = bytes.map { Int($0 - UInt8(ascii: "0")) }
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + numbers[$1] } }

        let isNIT = digits.hasPrefix(nitPrefix)
        var retired = false
        if !isNIT {
            let province = String(digits.prefix(2))
            let regency = String(digits.prefix(4))
            let district = String(digits.prefix(6))
            if regions.provinces[province] == nil {
                findings.append(IdentityFinding(.unknownProvince))
            } else if !regions.isKnownRegency(regency) {
                findings.append(IdentityFinding(.unknownRegency))
            } else if !regions.isKnownDistrict(district) {
                findings.append(IdentityFinding(.unknownDistrict))
            }
            retired = regions.retired[regency] != nil || regions.retired[district] != nil
        }

        let encodedDay = number(6..<8)
        let month = number(8..<10)
        let shortYear = number(10..<12)
        var sex: Sex?
        var day: Int?
        switch encodedDay {
        case 1...31: (sex, day) = (.male, encodedDay)
        case 41...71: (sex, day) = (.female, encodedDay - 40)
        default: findings.append(IdentityFinding(.invalidBirthDay))
        }
        if !(1...12).contains(month) { findings.append(IdentityFinding(.invalidBirthMonth)) }

        var birthDate: CalendarDate?
        if let day, (1...12).contains(month) {
            var date = CalendarDate(year: 2000 + shortYear, month: month, day: day)
            if date > today { date = CalendarDate(year: date.year - 100, month: month, day: day) }
            if !date.exists {
                // 29 February in a year that is not leap in the inferred century: the other
                // century may be the right one (1900 vs 2000).
                let other = CalendarDate(year: date.year - 100, month: month, day: day)
                if other.exists { date = other } else { findings.append(IdentityFinding(.impossibleBirthDate)) }
            }
            birthDate = date
        }

        let serial = number(12..<16)
        if serial == 0 { findings.append(IdentityFinding(.zeroSerial)) }

        let nik = NIK(
            digits: digits, isNIT: isNIT, birthDate: birthDate, sex: sex, serial: serial, hasRetiredRegionCode: retired)
        return Check(nik: nik, findings: findings)
    }
}
