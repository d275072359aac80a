/// An applicant's profile and identity as submitted, before the civil registry confirms it.
public struct Profile: Sendable, Equatable, Codable {
    public enum Sex: String, Sendable, Codable, CaseIterable { case male, female }
    public enum Education: String, Sendable, Codable, CaseIterable {
        case none
        case primary = "sd"
        case juniorHigh = "smp"
        case seniorHigh = "sma"
        case diploma = "diploma"
        case bachelor = "s1"
        case master = "s2"
        case doctorate = "s3"
    }
    public enum MaritalStatus: String, Sendable, Codable, CaseIterable { case single, married, divorced, widowed }
    public enum Employment: String, Sendable, Codable, CaseIterable {
        case unemployed, employed
        case selfEmployed = "self_employed"
        case laidOff = "laid_off"
    }

    public struct Address: Sendable, Equatable, Codable {
        public var street: String
        public var provinceCode: String
        public var regencyCode: String
        public var districtCode: String
        public var villageCode: String

        public init(
            street: String, provinceCode: String, regencyCode: String, districtCode: String, villageCode: String
        ) {
            self.street = street
            self.provinceCode = provinceCode
            self.regencyCode = regencyCode
            self.districtCode = districtCode
            self.villageCode = villageCode
        }
    }

    public var nik: String
    public var familyCardNumber: String
    public var fullName: String
    public var birthDate: CalendarDate
    public var sex: Sex
    public var ktpAddress: Address
    public var currentAddress: Address
    public var education: Education
    public var maritalStatus: MaritalStatus
    public var dependants: Int
    public var employment: Employment
    public var trainingInterest: String
    /// Declared: not in formal education (school or university).
    public var notInFormalEducation: Bool
    /// Groups the person declares belonging to (each excludes them).
    public var declaredGroups: Set<ExcludedGroup>
    /// The honesty statement: the data is true, and false data may be prosecuted.
    public var honestyStatement: Bool
}
