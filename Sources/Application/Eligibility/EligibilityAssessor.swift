import Domain
import Foundation
import Storage

/// Gathers the facts about a verified person (their profile, the lists their NIK is on, the
/// places taken on their family card), applies the scheme, and records the decision with
/// the scheme version. Runs inside the caller's transaction.
public struct EligibilityAssessor: Sendable {
    public let scheme: Scheme
    let index: BlindIndex

    public init(scheme: Scheme, index: BlindIndex) {
        self.scheme = scheme
        self.index = index
    }

    @discardableResult
    public func decide(
        accountID: String, profile: Profile, on date: CalendarDate, now: Date, in connection: StorageConnection
    ) async throws -> EligibilityRecord {
        let lists = try await ListStore(connection).kinds(containing: index.hash(profile.nik))
        let kkHash = index.hash(profile.familyCardNumber)
        let eligibility = EligibilityStore(connection)
        let facts = EligibilityFacts(
            birthDate: profile.birthDate, holdsNIT: profile.nik.hasPrefix(NIK.nitPrefix),
            inFormalEducation: !profile.notInFormalEducation, declaredGroups: profile.declaredGroups,
            listedGroups: Set(lists.compactMap(\.excludedGroup)), onSocialAidList: lists.contains(.socialAidRecipients),
            isPreviousRecipient: lists.contains(.previousRecipients), isBlacklisted: lists.contains(.blacklist),
            recipientsOnFamilyCard: try await eligibility.placesTaken(kkHash: kkHash))
        let decision = scheme.eligibility(of: facts, on: date)
        if decision.isEligible { try await eligibility.takePlace(kkHash: kkHash) }
        let record = EligibilityRecord(
            id: UUID().uuidString.lowercased(), accountID: accountID, schemeCode: decision.schemeCode,
            schemeVersion: decision.schemeVersion, decidedFor: date.description, isEligible: decision.isEligible,
            reasons: decision.reasons.map(\.code), decidedAt: now)
        try await eligibility.insert(record)
        return record
    }
}
