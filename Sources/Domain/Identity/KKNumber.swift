/// A family card number (Nomor Kartu Keluarga): 16 digits with the same region prefix as an
/// NIK. Its middle digits are said to be the recording date, but no official source confirms
/// it (data/NIK_RULES.md), so only the length and the region are checked.
public struct KKNumber: Sendable, Hashable {
    public let digits: String

    public struct Check: Sendable {
        public let number: KKNumber?
        public let findings: [IdentityFinding]

        public var isAcceptable: Bool { number != nil && !findings.contains { $0.severity == .error } }
    }

    public static func check(_ input: String, regions: RegionTable) -> Check {
        let digits = String(input.filter { !$0.isWhitespace })
        guard digits.count == 16, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return Check(number: nil, findings: [IdentityFinding(.notSixteenDigits)])
        }
        var findings: [IdentityFinding] = []
        if regions.provinces[String(digits.prefix(2))] == nil {
            findings.append(IdentityFinding(.unknownProvince))
        } else if !regions.isKnownRegency(String(digits.prefix(4))) {
            findings.append(IdentityFinding(.unknownRegency))
        } else if !regions.isKnownDistrict(String(digits.prefix(6))) {
            findings.append(IdentityFinding(.unknownDistrict))
        }
        return Check(number: KKNumber(digits: digits), findings: findings)
    }
}
