import Foundation

/// The profile form as typed (every field text, any may be missing) and its validation: a
/// `Profile` when nothing is wrong, and a stable code per field for each error and warning.
public struct ProfileForm: Sendable, Equatable, Codable {
    public var nik: String?
    public var familyCardNumber: String?
    public var fullName: String?
    /// YYYY-MM-DD, as an HTML date input sends it.
    public var birthDate: String?
    public var sex: String?
    public var ktpStreet: String?
    public var ktpProvince: String?
    public var ktpRegency: String?
    public var ktpDistrict: String?
    public var ktpVillage: String?
    public var currentStreet: String?
    public var currentProvince: String?
    public var currentRegency: String?
    public var currentDistrict: String?
    public var currentVillage: String?
    public var education: String?
    public var maritalStatus: String?
    public var dependants: String?
    public var employment: String?
    public var trainingInterest: String?
    public var notInFormalEducation: Bool?
    public var declaredGroups: [String]?
    public var honestyStatement: Bool?

    public init() {}

    public struct Outcome: Sendable, Equatable {
        public var profile: Profile?
        /// Field → error code. Any error means no profile.
        public var errors: [String: String]
        /// Field → warning code: accepted, shown, and checked by the registry.
        public var warnings: [String: String]
    }

    public func validate(regions: RegionTable, today: CalendarDate) -> Outcome {
        var errors: [String: String] = [:]
        var warnings: [String: String] = [:]

        func required(_ field: String, _ value: String?) -> String? {
            let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if trimmed.isEmpty { errors[field] = "required" }
            return trimmed.isEmpty ? nil : trimmed
        }
        func choice<T: RawRepresentable>(_ field: String, _ value: String?, as type: T.Type) -> T?
        where T.RawValue == String {
            guard let text = required(field, value) else { return nil }
            guard let parsed = T(rawValue: text) else {
                errors[field] = "invalid_choice"
                return nil
            }
            return parsed
        }

        var nik: NIK?
        if let text = required("nik", self.nik) {
            let check = NIK.check(text, regions: regions, today: today)
            if let error = check.findings.first(where: { $0.severity == .error }) {
                errors["nik"] = error.code.rawValue
            } else {
                nik = check.nik
                if let warning = check.findings.first { warnings["nik"] = warning.code.rawValue }
            }
        }
        var kk: KKNumber?
        if let text = required("family_card_number", familyCardNumber) {
            let check = KKNumber.check(text, regions: regions)
            if let error = check.findings.first(where: { $0.severity == .error }) {
                errors["family_card_number"] = error.code.rawValue
            } else {
                kk = check.number
            }
        }
        if let nik, let kk, nik.digits == kk.digits { errors["family_card_number"] = "same_as_nik" }

        let name = required("full_name", fullName).map { $0.split(separator: " ").joined(separator: " ") }
        if let name, !Self.isPlausibleName(name) { errors["full_name"] = "invalid_name" }

        var birth: CalendarDate?
        if let text = required("birth_date", birthDate) {
            let date = CalendarDate(written: text)
            if let date, date.exists, date <= today, date.year >= 1900 {
                birth = date
                if let encoded = nik?.birthDate, encoded != date { warnings["birth_date"] = "differs_from_nik" }
            } else {
                errors["birth_date"] = "invalid_date"
            }
        }
        let sex = choice("sex", self.sex, as: Profile.Sex.self)
        if let sex, let encoded = nik?.sex, encoded.rawValue != sex.rawValue { warnings["sex"] = "differs_from_nik" }

        let ktp = address(
            prefix: "ktp", street: ktpStreet, codes: (ktpProvince, ktpRegency, ktpDistrict, ktpVillage),
            regions: regions, errors: &errors)
        let current = address(
            prefix: "current", street: currentStreet,
            codes: (currentProvince, currentRegency, currentDistrict, currentVillage), regions: regions,
            errors: &errors)

        let education = choice("education", self.education, as: Profile.Education.self)
        let marital = choice("marital_status", maritalStatus, as: Profile.MaritalStatus.self)
        let employment = choice("employment", self.employment, as: Profile.Employment.self)
        var dependants: Int?
        if let text = required("dependants", self.dependants) {
            if let number = Int(text), (0...30).contains(number) {
                dependants = number
            } else {
                errors["dependants"] = "invalid_number"
            }
        }
        let interest = trainingInterest?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if interest.count > 200 { errors["training_interest"] = "too_long" }

        var groups: Set<ExcludedGroup> = []
        for raw in declaredGroups ?? [] {
            if let group = ExcludedGroup(rawValue: raw) {
                groups.insert(group)
            } else {
                errors["declared_groups"] = "invalid_choice"
            }
        }
        if honestyStatement != true { errors["honesty_statement"] = "required" }

        guard errors.isEmpty, let nik, let kk, let name, let birth, let sex, let ktp, let current, let education,
            let marital, let employment, let dependants
        else { return Outcome(profile: nil, errors: errors, warnings: warnings) }
        let profile = Profile(
            nik: nik.digits, familyCardNumber: kk.digits, fullName: name, birthDate: birth, sex: sex, ktpAddress: ktp,
            currentAddress: current, education: education, maritalStatus: marital, dependants: dependants,
            employment: employment, trainingInterest: interest, notInFormalEducation: notInFormalEducation == true,
            declaredGroups: groups, honestyStatement: true)
        return Outcome(profile: profile, errors: [:], warnings: warnings)
    }

    /// Letters (any script), spaces and the marks names use: apostrophe, dot, hyphen, comma.
    static func isPlausibleName(_ name: String) -> Bool {
        guard (2...100).contains(name.count), name.contains(where: \.isLetter) else { return false }
        return name.allSatisfy { $0.isLetter || $0 == " " || $0 == "'" || $0 == "." || $0 == "-" || $0 == "," }
    }

    /// An address whose codes nest: the regency in the province, the district in the regency,
    /// the village (10 digits) in the district.
    func address(
        prefix: String, street: String?, codes: (String?, String?, String?, String?), regions: RegionTable,
        errors: inout [String: String]
    ) -> Profile.Address? {
        let fields = ["street", "province", "regency", "district", "village"].map { "\(prefix)_\($0)" }
        let values = [street, codes.0, codes.1, codes.2, codes.3].map {
            $0?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        }
        for (field, value) in zip(fields, values) where value.isEmpty { errors[field] = "required" }
        guard !values.contains(where: \.isEmpty) else { return nil }
        let (streetText, province, regency, district, village) = (values[0], values[1], values[2], values[3], values[4])
        if streetText.count > 200 { errors[fields[0]] = "too_long" }
        if regions.provinces[province] == nil {
            errors[fields[1]] = "unknown_region"
        } else if regions.regencies[regency]?.parentCode != province {
            errors[fields[2]] = "unknown_region"
        } else if regions.districts[district]?.parentCode != regency {
            errors[fields[3]] = "unknown_region"
        } else if village.count != 10 || !village.hasPrefix(district) || !village.allSatisfy(\.isNumber)
            || (!regions.villages.isEmpty && regions.villages[village] == nil)
        {
            errors[fields[4]] = "unknown_region"
        }
        guard fields.allSatisfy({ errors[$0] == nil }) else { return nil }
        return Profile.Address(
            street: streetText, provinceCode: province, regencyCode: regency, districtCode: district,
            villageCode: village)
    }
}
