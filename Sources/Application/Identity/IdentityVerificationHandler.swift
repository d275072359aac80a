import Domain
import Foundation
import Logging
import Storage

/// Checks a pending profile against the civil registry, from the outbox. A registry that does
/// not answer makes the handler throw, so the outbox retries later with backoff: the profile
/// stays pending, nothing is lost, and it completes by itself when the registry is back.
public struct IdentityVerificationHandler: OutboxHandler {
    let database: any DatabaseClient
    let registry: any CivilRegistry
    let clock: any AppClock

    public init(database: any DatabaseClient, registry: any CivilRegistry, clock: any AppClock) {
        self.database = database
        self.registry = registry
        self.clock = clock
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
        try await database.transaction { connection in
            let status: ProfileRecord.Status = match.isVerified ? .verified : .rejected
            guard
                try await ProfileStore(connection).markChecked(
                    accountID: accountID, status: status, reasons: match.mismatches.map(\.rawValue), now: now)
            else { return }
            if match.isVerified,
                try await AccountStore(connection).advanceStage(
                    id: accountID, from: .emailVerified, to: .identityVerified)
            {
                try await FunnelCounterStore(connection).increment(.identityVerified)
            }
        }
    }
}

/// The civil registry on the embedded default: a deterministic synthetic population, so a
/// newcomer can complete verification with the sample identities at `/dev/identities.json`.
public struct SyntheticCivilRegistry: CivilRegistry {
    public let population: SyntheticPopulation

    public init(population: SyntheticPopulation) {
        self.population = population
    }

    public func lookup(nik: String) async throws -> RegistryRecord? { population.record(nik: nik) }
}
