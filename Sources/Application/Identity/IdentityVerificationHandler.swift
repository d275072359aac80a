import Domain
import Foundation
import Logging
import Storage

/// Checks a pending profile against the civil registry, from the outbox. A registry that does
/// not answer makes the handler throw, so the outbox retries later with backoff: the profile
/// stays pending, nothing is lost, and it completes by itself when the registry is back. A
/// verified identity gets its eligibility decided in the same transaction.
public struct IdentityVerificationHandler: OutboxHandler {
    let database: any DatabaseClient
    let registry: any CivilRegistry
    let clock: any AppClock
    let eligibility: EligibilityAssessor

    public init(
        database: any DatabaseClient, registry: any CivilRegistry, clock: any AppClock,
        eligibility: EligibilityAssessor
    ) {
        self.database = database
        self.registry = registry
        self.clock = clock
        self.eligibility = eligibility
    }

    public func handle(_ message: OutboxMessage) async throws {
        let payload = try JSONDecoder().decode([String: String].self, from: Data(message.payload.utf8))
        guard let accountID = payload["account_id"] else { return }
        guard let record = try await database.read({ try await ProfileStore($0).find(accountID: accountID) }),
            record.status == .pending
        else { return }
        let profile = try JSONDecoder().decode(Profile.self, from: Data(record.details.utf8))
        let registryRecord = try await registry.lookup(nik: profile.nik)
        let match = RegistryMatch.compare(
            SubmittedIdentity(
                nik: profile.nik, familyCardNumber: profile.familyCardNumber, fullName: profile.fullName,
                birthDate: profile.birthDate),
            with: registryRecord)
        let now = clock.now()
        let eligibility = eligibility
        try await database.transaction { connection in
            let status: ProfileRecord.Status = match.isVerified ? .verified : .rejected
            guard
                try await ProfileStore(connection).markChecked(
                    accountID: accountID, status: status, reasons: match.mismatches.map(\.rawValue), now: now)
            else { return }
            guard match.isVerified else { return }
            if try await AccountStore(connection).advanceStage(
                id: accountID, from: .emailVerified, to: .identityVerified)
            {
                try await FunnelCounterStore(connection).increment(.identityVerified)
            }
            try await eligibility.decide(
                accountID: accountID, profile: profile, on: CalendarDate.inJakarta(now), now: now, in: connection)
        }
    }
}
