import Domain
import Foundation
import Logging
import Storage

/// Every use case wired over one database, one clock and the ports to the outside world. The
/// server, the command line and the tests all build theirs here, so they cannot drift apart.
public struct Services: Sendable {
    /// The outside world: where mail and SMS go, which civil registry answers, what time it is.
    public struct Ports: Sendable {
        public var mail: any MailTransport
        public var sms: any SMSTransport
        public var registry: any CivilRegistry
        public var clock: any AppClock

        public init(
            mail: any MailTransport, sms: any SMSTransport, registry: any CivilRegistry, clock: any AppClock
        ) {
            self.mail = mail
            self.sms = sms
            self.registry = registry
            self.clock = clock
        }
    }

    /// The settings use cases read.
    public struct Settings: Sendable {
        public var bcryptCost: UInt8
        public var limits: RateLimits
        public var scheme: Scheme
        public var publicBaseURL: String
        public var outboxLease: TimeInterval
        public var retry: RetryPolicy
        /// The name this process's outbox worker claims messages under; a process that starts
        /// under the same name takes back that worker's unfinished claims.
        public var workerName: String
        /// Who is emailed the audit chain's signed checkpoints, and how often one is made.
        public var auditors: [EmailAddress]
        public var checkpointInterval: TimeInterval
        /// When a course's ratings suspend it.
        public var ratings: RatingPolicy
        /// When many purchases of one course go to the operators' review list.
        public var burst: BurstPolicy

        public init(
            bcryptCost: UInt8 = 10, limits: RateLimits = RateLimits(), scheme: Scheme = .y2023,
            publicBaseURL: String = "http://localhost:8080", outboxLease: TimeInterval = 120,
            retry: RetryPolicy = .outbox, workerName: String = "worker", auditors: [EmailAddress] = [],
            checkpointInterval: TimeInterval = 3600, ratings: RatingPolicy = RatingPolicy(),
            burst: BurstPolicy = BurstPolicy()
        ) {
            self.burst = burst
            self.ratings = ratings
            self.workerName = workerName
            self.auditors = auditors
            self.checkpointInterval = checkpointInterval
            self.bcryptCost = bcryptCost
            self.limits = limits
            self.scheme = scheme
            self.publicBaseURL = publicBaseURL
            self.outboxLease = outboxLease
            self.retry = retry
        }
    }

    public let database: any DatabaseClient
    public let clock: any AppClock
    public let keys: SecretKeys
    public let strings: StringTable
    public let codes: OneTimeCodes
    public let index: BlindIndex
    public let limiter: RateLimiter
    public let audit: AuditTrail
    public let accounts: AccountService
    public let identity: IdentityService
    public let phones: PhoneService
    public let operators: OperatorService
    public let proofOfWork: ProofOfWork
    public let statistics: FunnelStatistics
    public let waitingRoom: WaitingRoom
    public let registryImporter: RegistryImporter
    public let keyRotation: DataKeyRotation
    public let mailbox: LocalMailbox
    public let smsBox: LocalSMSBox
    public let worker: OutboxWorker
    public let checkpoints: AuditCheckpointPublisher
    let logger: Logger
    public let ledger: LedgerService
    public let schemes: SchemeService
    public let waves: WaveService
    public let basicTest: BasicTestService
    public let lists: ListService
    public let dashboards: DashboardService
    public let partners: PartnerService
    public let catalogue: CatalogueService
    public let purchases: PurchaseService
    public let redemptions: RedemptionService
    public let sandbox: MarketplaceSandbox
    public let ratings: RatingService
    public let settlements: SettlementService
    public let reviewList: ReviewListService

    public init(database: any DatabaseClient, keys: SecretKeys, ports: Ports, settings: Settings, logger: Logger) {
        self.logger = logger
        let clock = ports.clock
        let strings = StringTable.bundled
        let codes = OneTimeCodes(key: keys.oneTimeCodes)
        let index = BlindIndex(key: keys.blindIndex)
        let limiter = RateLimiter(limits: settings.limits, index: index)
        let audit = AuditTrail(database: database, key: keys.audit, clock: clock, index: index)
        let passwordPolicy = PasswordPolicy(commonPasswords: CommonPasswords.bundled)
        let passwords = PasswordHasher(cost: settings.bcryptCost)
        self.database = database
        self.clock = clock
        self.keys = keys
        self.strings = strings
        self.codes = codes
        self.index = index
        self.limiter = limiter
        self.audit = audit
        let devices = KnownDevices(key: keys.knownDevices)
        accounts = AccountService(
            database: database, clock: clock, codes: codes, passwords: passwords, passwordPolicy: passwordPolicy,
            limiter: limiter, audit: audit, devices: devices)
        identity = IdentityService(database: database, clock: clock, index: index, regions: .bundled, limiter: limiter)
        phones = PhoneService(
            database: database, clock: clock, codes: codes, index: index, limiter: limiter, audit: audit)
        operators = OperatorService(
            database: database, clock: clock, passwords: passwords, passwordPolicy: passwordPolicy, limiter: limiter,
            audit: audit, devices: devices)
        schemes = SchemeService(database: database, clock: clock, audit: audit, operators: operators)
        waves = WaveService(database: database, clock: clock, audit: audit, operators: operators, index: index)
        basicTest = BasicTestService(
            database: database, clock: clock, scheme: settings.scheme, bank: .bundled, key: keys.basicTest)
        let purchases = PurchaseService(
            database: database, clock: clock, codes: codes, limiter: limiter, audit: audit, burst: settings.burst)
        self.purchases = purchases
        dashboards = DashboardService(
            accounts: accounts, identity: identity, phones: phones, basicTest: basicTest, waves: waves,
            purchases: purchases, clock: clock)
        lists = ListService(
            importer: ListImporter(database: database, index: index, regions: .bundled, clock: clock),
            operators: operators, audit: audit)
        partners = PartnerService(database: database, clock: clock, audit: audit, operators: operators)
        catalogue = CatalogueService(
            database: database, clock: clock, audit: audit, operators: operators, regions: .bundled,
            maximumPrice: settings.scheme.trainingBalance)
        redemptions = RedemptionService(database: database, clock: clock)
        sandbox = MarketplaceSandbox(database: database, clock: clock)
        reviewList = ReviewListService(database: database, clock: clock, operators: operators)
        settlements = SettlementService(database: database, clock: clock, audit: audit, operators: operators)
        ratings = RatingService(
            database: database, clock: clock, audit: audit, strings: strings, policy: settings.ratings)
        proofOfWork = ProofOfWork(key: keys.proofOfWork)
        statistics = FunnelStatistics(database: database)
        waitingRoom = WaitingRoom(database: database)
        registryImporter = RegistryImporter(database: database, index: index, regions: .bundled, clock: clock)
        keyRotation = DataKeyRotation(database: database, audit: audit)
        mailbox = LocalMailbox(database: database)
        smsBox = LocalSMSBox(database: database)
        ledger = LedgerService(database: database, clock: clock)
        checkpoints = AuditCheckpointPublisher(
            trail: audit, database: database, clock: clock, logger: logger, auditors: settings.auditors,
            interval: settings.checkpointInterval)
        var workerLogger = logger
        workerLogger[metadataKey: "component"] = "outbox-worker"
        let composer = MailComposer(strings: strings, codes: codes, publicBaseURL: settings.publicBaseURL)
        worker = OutboxWorker(
            database: database,
            handlers: [
                EmailRequest.outboxKind: EmailDelivery(transport: ports.mail, composer: composer),
                SMSRequest.outboxKind: SMSDelivery(transport: ports.sms, codes: codes, strings: strings),
                IdentityService.verificationKind: IdentityVerificationHandler(
                    database: database, registry: ports.registry, clock: clock,
                    eligibility: EligibilityAssessor(scheme: settings.scheme, index: index)),
            ],
            clock: clock, logger: workerLogger, retry: settings.retry, lease: settings.outboxLease,
            name: settings.workerName)
    }

    /// Housekeeping the worker runs once a minute: forgets rate-limit windows, spent proofs,
    /// sessions and login challenges long past; publishes the audit checkpoint when it is due;
    /// revokes cards past their purchase deadline.
    public func maintenance() async {
        let now = clock.now()
        try? await limiter.purge(now: now, database: database)
        try? await database.transaction { try await SpentProofStore($0).purge(expiredBefore: now) }
        try? await accounts.purgeExpired(now: now)
        try? await operators.purgeExpiredSessions(now: now)
        try? await checkpoints.publishIfDue()
        try? await partners.purgeSeenSignatures()
        if let voided = try? await purchases.voidLapsed(), voided > 0 {
            logger.notice("lapsed purchases voided", metadata: ["count": "\(voided)"])
        }
        if let revoked = try? await waves.revokeExpiredCards(), revoked.count > 0 {
            logger.notice(
                "cards revoked at the purchase deadline",
                metadata: [
                    "count": "\(revoked.count)", "freed_places": "\(revoked.freedPlaces)",
                    "returned": "\(revoked.returned)",
                ])
        }
    }
}
