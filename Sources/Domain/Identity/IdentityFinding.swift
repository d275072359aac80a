/// Something a format check found in an NIK or KK number: an error (the number cannot be
/// right) or a warning (worth a look, but real numbers like it exist).
public struct IdentityFinding: Sendable, Hashable {
    public enum Severity: String, Sendable { case error, warning }

    public let code: Code
    public var severity: Severity { code.severity }

    public init(_ code: Code) {
        self.code = code
    }

    public enum Code: String, Sendable, CaseIterable {
        case notSixteenDigits = "not_16_digits"
        case unknownProvince = "unknown_province"
        case unknownRegency = "unknown_regency"
        case unknownDistrict = "unknown_district"
        case invalidBirthDay = "invalid_birth_day"
        case invalidBirthMonth = "invalid_birth_month"
        case impossibleBirthDate = "impossible_birth_date"
        case zeroSerial = "zero_serial"

        public var severity: Severity {
            switch self {
            case .notSixteenDigits, .unknownProvince, .unknownRegency, .invalidBirthDay, .invalidBirthMonth,
                .zeroSerial:
                .error
            case .unknownDistrict, .impossibleBirthDate:
                .warning
            }
        }
    }
}
