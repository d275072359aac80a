import Adapters
import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// The running platform's parts, wired from a configuration: database, use cases, worker.
public struct Platform: Sendable {
    public let configuration: AppConfiguration
    public let database: any DatabaseClient
    public let migrator: Migrator
    public let accounts: AccountService
    public let statistics: FunnelStatistics
    public let worker: OutboxWorker
    public let strings: StringTable
    public let keys: SecretKeys
    public let identity: IdentityService
    /// Set when the local synthetic registry is in use (development): its sample people.
    public let syntheticPopulation: SyntheticPopulation?

    /// Opens the database and wires everything. Does not migrate: `serve` and `migrate` decide.
    public static func open(_ configuration: AppConfiguration, logger: Logger) async throws -> Platform {
        let database = try await configuration.database.open(logger: logger)
        let clock = SystemClock()
        let keys = SecretKeys(secret: configuration.secretKey)
        let codes = OneTimeCodes(key: keys.oneTimeCodes)
        let strings = StringTable.bundled
        let transport: any MailTransport =
            switch configuration.mail {
            case .local: LocalMailTransport(database: database, clock: clock)
            case .smtp(let settings): SMTPMailTransport(settings: settings)
            }
        let accounts = AccountService(
            database: database, clock: clock, codes: codes, passwords: PasswordHasher(cost: configuration.bcryptCost),
            passwordPolicy: PasswordPolicy(commonPasswords: CommonPasswords.bundled))
        let composer = MailComposer(strings: strings, codes: codes, publicBaseURL: configuration.publicBaseURL)
        var population: SyntheticPopulation?
        let registry: any CivilRegistry
        if let url = configuration.registryURL {
            registry = HTTPCivilRegistry(baseURL: url)
        } else {
            let synthetic = SyntheticPopulation(
                size: 10_000, seed: 2020, districtCodes: Array(RegionTable.bundled.districts.keys))
            population = synthetic
            registry = SyntheticCivilRegistry(population: synthetic)
        }
        var workerLogger = logger
        workerLogger[metadataKey: "component"] = "outbox-worker"
        let worker = OutboxWorker(
            database: database,
            handlers: [
                EmailRequest.outboxKind: EmailDelivery(transport: transport, composer: composer),
                IdentityService.verificationKind: IdentityVerificationHandler(
                    database: database, registry: registry, clock: clock),
            ],
            clock: clock, logger: workerLogger)
        let identity = IdentityService(
            database: database, clock: clock, index: BlindIndex(key: keys.blindIndex), regions: .bundled)
        return Platform(
            configuration: configuration, database: database, migrator: Migrator(database: database),
            accounts: accounts, statistics: FunnelStatistics(database: database), worker: worker, strings: strings,
            keys: keys, identity: identity, syntheticPopulation: population)
    }
}
