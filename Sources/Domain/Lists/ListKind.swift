/// The lists operators import. Exclusion lists make people ineligible; priority lists (such as
/// laid-off workers reported by BPJS Ketenagakerjaan) give them a reserved quota.
public enum ListKind: String, Sendable, CaseIterable, Codable {
    case civilServants = "asn"
    case military = "tni"
    case police = "polri"
    case villageOfficials = "village_officials"
    case legislators = "legislators"
    case stateEnterpriseBoards = "state_enterprise_boards"
    case socialAidRecipients = "social_aid"
    case previousRecipients = "previous_recipients"
    case blacklist = "blacklist"
    case laidOffWorkers = "laid_off_workers"

    public var isPriority: Bool { self == .laidOffWorkers }

    /// The excluded group a list names, for eligibility.
    public var excludedGroup: ExcludedGroup? {
        switch self {
        case .civilServants: .civilServant
        case .military: .military
        case .police: .police
        case .villageOfficials: .villageOfficial
        case .legislators: .legislator
        case .stateEnterpriseBoards: .stateEnterpriseBoard
        case .socialAidRecipients, .previousRecipients, .blacklist, .laidOffWorkers: nil
        }
    }
}
