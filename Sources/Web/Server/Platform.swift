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

    /// Opens the database and wires everything. Does not migrate: `serve` and `migrate` decide.
    public static func open(_ configuration: AppConfiguration, logger: Logger) async throws -> Platform {
        let database = try await openDatabase(configuration.database, logger: logger)
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
        var workerLogger = logger
        workerLogger[metadataKey: "component"] = "outbox-worker"
        let worker = OutboxWorker(
            database: database, transport: transport, composer: composer, clock: clock, logger: workerLogger)
        return Platform(
            configuration: configuration, database: database, migrator: Migrator(database: database),
            accounts: accounts, statistics: FunnelStatistics(database: database), worker: worker, strings: strings,
            keys: keys)
    }

    static func openDatabase(_ url: DatabaseURL, logger: Logger) async throws -> any DatabaseClient {
        switch url {
        case .sqlite(let path): try await SQLiteDatabaseClient.open(path: path, logger: logger)
        case .postgres(let settings): try await PostgresDatabaseClient.open(settings, logger: logger)
        }
    }
}
