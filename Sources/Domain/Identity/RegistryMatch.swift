/// What the civil registry (Dukcapil) holds for an NIK.
public struct RegistryRecord: Sendable, Equatable, Codable {
    public let nik: String
    public let familyCardNumber: String
    public let fullName: String
    public let birthDate: CalendarDate
    public let isAlive: Bool

    public init(nik: String, familyCardNumber: String, fullName: String, birthDate: CalendarDate, isAlive: Bool) {
        self.nik = nik
        self.familyCardNumber = familyCardNumber
        self.fullName = fullName
        self.birthDate = birthDate
        self.isAlive = isAlive
    }
}

/// What the applicant submitted, to be compared with the registry.
public struct SubmittedIdentity: Sendable, Equatable, Codable {
    public let nik: String
    public let familyCardNumber: String
    public let fullName: String
    public let birthDate: CalendarDate

    public init(nik: String, familyCardNumber: String, fullName: String, birthDate: CalendarDate) {
        self.nik = nik
        self.familyCardNumber = familyCardNumber
        self.fullName = fullName
        self.birthDate = birthDate
    }
}

/// The outcome of comparing a submission with the registry, with every reason it failed.
public struct RegistryMatch: Sendable, Equatable {
    public enum Mismatch: String, Sendable, CaseIterable, Codable {
        case nikNotFound = "nik_not_found"
        case deceased
        case familyCardMismatch = "kk_mismatch"
        case birthDateMismatch = "birth_date_mismatch"
        case nameMismatch = "name_mismatch"
    }

    /// Names at least this similar (`PersonName.similarity`) match. Chosen from the cases in
    /// RegistryMatchTests: spelling variants (Muhamad/Muhammad, Rizki/Rizky) pass, different
    /// people who share a first name fail.
    public static let nameThreshold = 0.9

    public let mismatches: [Mismatch]
    /// The name similarity found, when there was a record to compare with.
    public let nameSimilarity: Double?

    public var isVerified: Bool { mismatches.isEmpty }

    public static func compare(_ submitted: SubmittedIdentity, with record: RegistryRecord?) -> RegistryMatch {
        guard let record else { return RegistryMatch(mismatches: [.nikNotFound], nameSimilarity: nil) }
        var mismatches: [Mismatch] = []
        if !record.isAlive { mismatches.append(.deceased) }
        if record.familyCardNumber != submitted.familyCardNumber { mismatches.append(.familyCardMismatch) }
        if record.birthDate != submitted.birthDate { mismatches.append(.birthDateMismatch) }
        let similarity = PersonName.similarity(submitted.fullName, record.fullName)
        if similarity < nameThreshold { mismatches.append(.nameMismatch) }
        return RegistryMatch(mismatches: mismatches, nameSimilarity: similarity)
    }
}
