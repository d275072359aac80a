/// Groups the programme excludes, whether the person declares membership or a list names them.
public enum ExcludedGroup: String, Sendable, CaseIterable, Codable {
    case civilServant = "asn"
    case military = "tni"
    case police = "polri"
    case villageOfficial = "village_official"
    case legislator = "legislator"
    case stateEnterpriseBoard = "state_enterprise_board"
}

/// What the eligibility rules need to know about a person, gathered by the caller from the
/// profile, the civil-registry result and the imported lists.
public struct EligibilityFacts: Sendable, Equatable {
    public var birthDate: CalendarDate
    public var holdsNIT: Bool
    public var inFormalEducation: Bool
    public var declaredGroups: Set<ExcludedGroup>
    public var listedGroups: Set<ExcludedGroup>
    public var onSocialAidList: Bool
    public var isPreviousRecipient: Bool
    public var isBlacklisted: Bool
    /// Recipients already on the same family card, not counting this person.
    public var recipientsOnFamilyCard: Int

    public init(
        birthDate: CalendarDate, holdsNIT: Bool = false, inFormalEducation: Bool = false,
        declaredGroups: Set<ExcludedGroup> = [], listedGroups: Set<ExcludedGroup> = [], onSocialAidList: Bool = false,
        isPreviousRecipient: Bool = false, isBlacklisted: Bool = false, recipientsOnFamilyCard: Int = 0
    ) {
        self.birthDate = birthDate
        self.holdsNIT = holdsNIT
        self.inFormalEducation = inFormalEducation
        self.declaredGroups = declaredGroups
        self.listedGroups = listedGroups
        self.onSocialAidList = onSocialAidList
        self.isPreviousRecipient = isPreviousRecipient
        self.isBlacklisted = isBlacklisted
        self.recipientsOnFamilyCard = recipientsOnFamilyCard
    }
}

/// Why a person may not take part. Each has a stable code; `messageKey` names its sentence in
/// both languages' string tables.
public enum IneligibilityReason: Sendable, Hashable {
    case tooYoung(minimum: Int)
    case tooOld(maximum: Int)
    case citizenAbroad
    case inFormalEducation
    case declaredExcludedGroup(ExcludedGroup)
    case listedExcludedGroup(ExcludedGroup)
    case socialAidRecipient
    case previousRecipient
    case blacklisted
    case familyCardCapReached(cap: Int)

    public var code: String {
        switch self {
        case .tooYoung: "too_young"
        case .tooOld: "too_old"
        case .citizenAbroad: "nit_not_admitted"
        case .inFormalEducation: "in_formal_education"
        case .declaredExcludedGroup(let group): "declared_\(group.rawValue)"
        case .listedExcludedGroup(let group): "listed_\(group.rawValue)"
        case .socialAidRecipient: "social_aid_recipient"
        case .previousRecipient: "previous_recipient"
        case .blacklisted: "blacklisted"
        case .familyCardCapReached: "family_card_cap"
        }
    }

    public var messageKey: String {
        switch self {
        case .declaredExcludedGroup(let group), .listedExcludedGroup(let group): "eligibility.group.\(group.rawValue)"
        default: "eligibility.\(code)"
        }
    }

    /// The reason a recorded code stands for, under the scheme that recorded it.
    public init?(code: String, scheme: Scheme) {
        let groups = Dictionary(uniqueKeysWithValues: ExcludedGroup.allCases.map { ($0.rawValue, $0) })
        switch code {
        case "too_young": self = .tooYoung(minimum: scheme.minimumAge)
        case "too_old": self = .tooOld(maximum: scheme.maximumAge ?? 0)
        case "nit_not_admitted": self = .citizenAbroad
        case "in_formal_education": self = .inFormalEducation
        case "social_aid_recipient": self = .socialAidRecipient
        case "previous_recipient": self = .previousRecipient
        case "blacklisted": self = .blacklisted
        case "family_card_cap": self = .familyCardCapReached(cap: scheme.familyCardCap ?? 0)
        default:
            if code.hasPrefix("declared_"), let group = groups[String(code.dropFirst("declared_".count))] {
                self = .declaredExcludedGroup(group)
            } else if code.hasPrefix("listed_"), let group = groups[String(code.dropFirst("listed_".count))] {
                self = .listedExcludedGroup(group)
            } else {
                return nil
            }
        }
    }

    /// Values for the sentence's placeholders.
    public var messageValues: [String: String] {
        switch self {
        case .tooYoung(let minimum): ["age": String(minimum)]
        case .tooOld(let maximum): ["age": String(maximum)]
        case .familyCardCapReached(let cap): ["cap": String(cap)]
        default: [:]
        }
    }
}

public struct EligibilityDecision: Sendable, Equatable {
    public let schemeCode: String
    public let schemeVersion: Int
    public let reasons: [IneligibilityReason]

    public var isEligible: Bool { reasons.isEmpty }
}

extension Scheme {
    /// Decides eligibility on the wave's date, listing every reason that applies (not only the
    /// first), so the person sees all of them at once.
    public func eligibility(of facts: EligibilityFacts, on waveDate: CalendarDate) -> EligibilityDecision {
        var reasons: [IneligibilityReason] = []
        let age = Self.age(born: facts.birthDate, on: waveDate)
        if age < minimumAge { reasons.append(.tooYoung(minimum: minimumAge)) }
        if let maximumAge, age > maximumAge { reasons.append(.tooOld(maximum: maximumAge)) }
        if facts.holdsNIT && !admitsNIT { reasons.append(.citizenAbroad) }
        if facts.inFormalEducation { reasons.append(.inFormalEducation) }
        for group in ExcludedGroup.allCases {
            if facts.declaredGroups.contains(group) {
                reasons.append(.declaredExcludedGroup(group))
            } else if facts.listedGroups.contains(group) {
                reasons.append(.listedExcludedGroup(group))
            }
        }
        if excludesSocialAidRecipients && facts.onSocialAidList { reasons.append(.socialAidRecipient) }
        if facts.isPreviousRecipient { reasons.append(.previousRecipient) }
        if facts.isBlacklisted { reasons.append(.blacklisted) }
        if let familyCardCap, facts.recipientsOnFamilyCard >= familyCardCap {
            reasons.append(.familyCardCapReached(cap: familyCardCap))
        }
        return EligibilityDecision(schemeCode: code, schemeVersion: version, reasons: reasons)
    }

    /// Whole years completed on `date`; someone born on 29 February turns a year older on
    /// 1 March in years without one.
    public static func age(born: CalendarDate, on date: CalendarDate) -> Int {
        var years = date.year - born.year
        if (date.month, date.day) < (born.month, born.day) { years -= 1 }
        return years
    }
}
