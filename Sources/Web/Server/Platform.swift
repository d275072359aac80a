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
    public let phones: PhoneService
    public let limiter: RateLimiter
    public let proofOfWork: ProofOfWork
    public let audit: AuditTrail
    public let operators: OperatorService
    /// The demo population loaded into the local registry in development: its sample people.
    public let syntheticPopulation: SyntheticPopulation?
    let registryImporter: RegistryImporter

    /// Opens the database and wires everything. Does not migrate: `serve` and `migrate` decide.
    public static func open(_ configuration: AppConfiguration, logger: Logger) async throws -> Platform {
        let keys = SecretKeys(secret: configuration.secretKey)
        let database = try await configuration.database.open(
            cipher: FieldCipher(keys: configuration.dataKeys, indexKey: keys.blindIndex), logger: logger)
        let clock = SystemClock()
        let codes = OneTimeCodes(key: keys.oneTimeCodes)
        let strings = StringTable.bundled
        let transport: any MailTransport =
            switch configuration.mail {
            case .local: LocalMailTransport(database: database, clock: clock)
            case .smtp(let settings): SMTPMailTransport(settings: settings)
            }
        let index = BlindIndex(key: keys.blindIndex)
        let limiter = RateLimiter(limits: configuration.limits, index: index)
        let audit = AuditTrail(database: database, key: keys.audit, clock: clock, index: index)
        let accounts = AccountService(
            database: database, clock: clock, codes: codes, passwords: PasswordHasher(cost: configuration.bcryptCost),
            passwordPolicy: PasswordPolicy(commonPasswords: CommonPasswords.bundled), limiter: limiter, audit: audit)
        let composer = MailComposer(strings: strings, codes: codes, publicBaseURL: configuration.publicBaseURL)
        let registry: any CivilRegistry =
            if let url = configuration.registryURL {
                HTTPCivilRegistry(baseURL: url)
            } else {
                LocalCivilRegistry(database: database, index: index)
            }
        let population =
            configuration.developmentToolsEnabled && configuration.registryURL == nil
            ? SyntheticPopulation(size: 10_000, seed: 2020, districtCodes: Array(RegionTable.bundled.districts.keys))
            : nil
        let sms: any SMSTransport =
            switch configuration.sms {
            case .local: LocalSMSTransport(database: database, clock: clock)
            case .http(let url, let token): HTTPSMSGateway(url: url, token: token)
            }
        var workerLogger = logger
        workerLogger[metadataKey: "component"] = "outbox-worker"
        let worker = OutboxWorker(
            database: database,
            handlers: [
                EmailRequest.outboxKind: EmailDelivery(transport: transport, composer: composer),
                SMSRequest.outboxKind: SMSDelivery(transport: sms, codes: codes, strings: strings),
                IdentityService.verificationKind: IdentityVerificationHandler(
                    database: database, registry: registry, clock: clock,
                    eligibility: EligibilityAssessor(scheme: configuration.scheme, index: index)),
            ],
            clock: clock, logger: workerLogger, lease: configuration.outboxLease)
        let identity = IdentityService(
            database: database, clock: clock, index: index, regions: .bundled, limiter: limiter)
        return Platform(
            configuration: configuration, database: database, migrator: Migrator(database: database),
            accounts: accounts, statistics: FunnelStatistics(database: database), worker: worker, strings: strings,
            keys: keys, identity: identity,
            phones: PhoneService(
                database: database, clock: clock, codes: codes, index: index, limiter: limiter, audit: audit),
            limiter: limiter, proofOfWork: ProofOfWork(key: keys.proofOfWork), audit: audit,
            operators: OperatorService(
                database: database, clock: clock, passwords: PasswordHasher(cost: configuration.bcryptCost),
                passwordPolicy: PasswordPolicy(commonPasswords: CommonPasswords.bundled), limiter: limiter,
                audit: audit),
            syntheticPopulation: population,
            registryImporter: RegistryImporter(database: database, index: index, regions: .bundled, clock: clock))
    }

    /// Housekeeping the worker runs once a minute: forgets rate-limit windows long past.
    public func maintenance() async {
        try? await limiter.purge(now: Date(), database: database)
        try? await database.transaction { try await SpentProofStore($0).purge(expiredBefore: Date()) }
    }

    /// Loads the demo population into an empty local registry (development only). Call after
    /// migrating.
    public func loadDemoData() async throws {
        guard let syntheticPopulation else { return }
        try await registryImporter.loadIfEmpty(syntheticPopulation)
    }
}
