import Domain
import Foundation
import Storage

/// Gathers the facts about a verified person (their profile, the lists their NIK is on, the
/// places taken on their family card), applies the scheme, and records the decision with
/// the scheme version. Runs inside the caller's transaction.
///
/// The scheme is the newest stored version of the configured scheme code (`prakerja scheme
/// add` makes a new version apply to the decisions made from then on); the built-in version
/// applies only to a database that has none stored.
public struct EligibilityAssessor: Sendable {
    /// The built-in scheme whose code names the scheme in force.
    public let builtIn: Scheme
    let index: BlindIndex

    public init(scheme: Scheme, index: BlindIndex) {
        self.builtIn = scheme
        self.index = index
    }

    /// The scheme version decisions are made under now.
    public func scheme(in connection: StorageConnection) async throws -> Scheme {
        try await SchemeStore(connection).latest(code: builtIn.code) ?? builtIn
    }

    @discardableResult
    public func decide(
        accountID: String, profile: Profile, on date: CalendarDate, now: Date, in connection: StorageConnection
    ) async throws -> EligibilityRecord {
        let scheme = try await scheme(in: connection)
        let kkHash = index.hash(profile.familyCardNumber)
        let eligibility = EligibilityStore(connection)
        let facts = try await facts(
            of: profile, recipientsOnFamilyCard: try await eligibility.placesTaken(kkHash: kkHash), in: connection)
        let decision = scheme.eligibility(of: facts, on: date)
        if decision.isEligible { try await eligibility.takePlace(kkHash: kkHash) }
        let record = EligibilityRecord(
            id: UUID().uuidString.lowercased(), accountID: accountID, schemeCode: decision.schemeCode,
            schemeVersion: decision.schemeVersion, decidedFor: date.description, isEligible: decision.isEligible,
            reasons: decision.reasons.map(\.code), decidedAt: now)
        try await eligibility.insert(record)
        return record
    }

    /// Applies `scheme` again at a wave's close, writing nothing: the lists the person is on
    /// now (one imported after the decision counts) and the age on `date`. The family-card cap
    /// is left to the draw, which counts recipients in draw order.
    public func recheck(profile: Profile, lists: Set<ListKind>, scheme: Scheme, on date: CalendarDate)
        -> EligibilityDecision
    {
        scheme.eligibility(of: facts(of: profile, lists: lists, recipientsOnFamilyCard: 0), on: date)
    }

    private func facts(of profile: Profile, recipientsOnFamilyCard: Int, in connection: StorageConnection)
        async throws -> EligibilityFacts
    {
        let lists = try await ListStore(connection).kinds(containing: index.hash(profile.nik))
        return facts(of: profile, lists: lists, recipientsOnFamilyCard: recipientsOnFamilyCard)
    }

    private func facts(of profile: Profile, lists: Set<ListKind>, recipientsOnFamilyCard: Int) -> EligibilityFacts {
        EligibilityFacts(
            birthDate: profile.birthDate, holdsNIT: profile.nik.hasPrefix(NIK.nitPrefix),
            inFormalEducation: !profile.notInFormalEducation, declaredGroups: profile.declaredGroups,
            listedGroups: Set(lists.compactMap(\.excludedGroup)), onSocialAidList: lists.contains(.socialAidRecipients),
            isPreviousRecipient: lists.contains(.previousRecipients), isBlacklisted: lists.contains(.blacklist),
            recipientsOnFamilyCard: recipientsOnFamilyCard)
    }
}
