import Adapters
import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// The running platform: its configuration, the database, and the use cases wired over the
/// adapters the configuration names (`Services`, which tests build with their own ports).
/// `platform.accounts`, `platform.worker`, … reach the services directly.
@dynamicMemberLookup
public struct Platform: Sendable {
    public let configuration: AppConfiguration
    public let services: Services
    public let migrator: Migrator
    /// The demo population loaded into the local registry in development: its sample people.
    public let syntheticPopulation: SyntheticPopulation?

    public subscript<T>(dynamicMember keyPath: KeyPath<Services, T>) -> T { services[keyPath: keyPath] }

    /// Opens the database and wires everything. Does not migrate: `serve` and `migrate` decide.
    public static func open(
        _ configuration: AppConfiguration, logger: Logger, clock: any AppClock = SystemClock()
    ) async throws -> Platform {
        let keys = SecretKeys(secret: configuration.secretKey)
        let database = try await configuration.database.open(
            cipher: FieldCipher(keys: configuration.dataKeys, indexKey: keys.blindIndex), logger: logger)
        let mail: any MailTransport =
            switch configuration.mail {
            case .local: LocalMailTransport(database: database, clock: clock)
            case .smtp(let settings): SMTPMailTransport(settings: settings, clock: clock)
            }
        let sms: any SMSTransport =
            switch configuration.sms {
            case .local: LocalSMSTransport(database: database, clock: clock)
            case .http(let url, let token): HTTPSMSGateway(url: url, token: token)
            }
        let registry: any CivilRegistry =
            if let url = configuration.registryURL {
                HTTPCivilRegistry(baseURL: url, clock: clock)
            } else {
                LocalCivilRegistry(database: database, index: BlindIndex(key: keys.blindIndex))
            }
        let services = Services(
            database: database, keys: keys, ports: .init(mail: mail, sms: sms, registry: registry, clock: clock),
            settings: .init(
                bcryptCost: configuration.bcryptCost, limits: configuration.limits, scheme: configuration.scheme,
                publicBaseURL: configuration.publicBaseURL, outboxLease: configuration.outboxLease,
                workerName: configuration.workerName, auditors: configuration.auditors,
                checkpointInterval: configuration.checkpointInterval, ratings: configuration.ratings),
            logger: logger)
        let population =
            configuration.developmentToolsEnabled && configuration.registryURL == nil
            ? SyntheticPopulation(size: 10_000, seed: 2020, districtCodes: Array(RegionTable.bundled.districts.keys))
            : nil
        return Platform(
            configuration: configuration, services: services, migrator: Migrator(database: database),
            syntheticPopulation: population)
    }

    /// Loads the demo population into an empty local registry and the partner sandbox
    /// (development only). Call after migrating.
    public func loadDemoData() async throws {
        guard configuration.developmentToolsEnabled else { return }
        try await services.sandbox.load()
        guard let syntheticPopulation else { return }
        try await services.registryImporter.loadIfEmpty(syntheticPopulation)
    }
}
