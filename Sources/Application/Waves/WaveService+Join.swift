import Domain
import Foundation
import Storage

extension WaveService {
    /// Joins the open wave with one action. The person needs a verified identity, a verified
    /// phone, an eligible decision and a passed basic test, and must never have been a recipient. Their entry gets a
    /// pseudonymous id, their quota group (the province, or the regency when the wave has
    /// quotas per regency, of the address on their KTP), whether a priority list names them
    /// (reserved places) and a household id for the cap.
    /// `consented`: the person accepted the consent statements shown with the action.
    public func join(accountID: String, consented: Bool) async throws -> WaveEntryRecord {
        guard consented else { throw Failure.consentRequired }
        let now = clock.now()
        let index = self.index
        return try await database.transaction { connection in
            guard let profile = try await ProfileStore(connection).find(accountID: accountID),
                profile.status == .verified,
                let details = try? JSONDecoder().decode(Profile.self, from: Data(profile.details.utf8)),
                let kkHash = try await ProfileStore(connection).familyCardHash(accountID: accountID)
            else { throw Failure.notReady("identity") }
            guard try await PhoneVerificationStore(connection).find(accountID: accountID)?.isVerified == true else {
                throw Failure.notReady("phone")
            }
            guard try await EligibilityStore(connection).latest(accountID: accountID)?.isEligible == true else {
                throw Failure.notReady("eligibility")
            }
            guard try await TestSittingStore(connection).hasPassed(accountID: accountID) else {
                throw Failure.notReady("test")
            }
            guard try await CardStore(connection).find(accountID: accountID) == nil else {
                throw Failure.alreadyRecipient
            }
            let waves = WaveStore(connection)
            guard let wave = try await waves.open(at: now) else { throw Failure.noOpenWave }
            let nikHash = try await ProfileStore(connection).identityHash(accountID: accountID) ?? ""
            let lists = try await ListStore(connection).kinds(containing: nikHash)
            let address = details.ktpAddress
            let group = wave.quotasPerRegency ? address.regencyCode : address.provinceCode
            let entry = WaveEntryRecord(
                id: "E" + ByteEncoding.hex(SecureRandom.bytes(6)), waveID: wave.id, accountID: accountID,
                group: group, priority: lists.contains { $0.isPriority },
                household: String(index.hash("household\u{1F}\(wave.id)\u{1F}\(kkHash)").prefix(16)), joinedAt: now)
            guard try await waves.insert(entry) else { throw Failure.alreadyJoined }
            // Counted once per person, at their first wave.
            if try await AccountStore(connection).advanceStage(id: accountID, from: .phoneVerified, to: .joinedWave) {
                try await FunnelCounterStore(connection).increment(.joinedWave)
            }
            return entry
        }
    }
}
