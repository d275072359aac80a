import Domain
import Foundation
import Storage

/// Waves: operators create them and close them, enter the public value and run the draw;
/// eligible people join the open one; everyone sees where their entry stands.
public struct WaveService: Sendable {
    let database: any DatabaseClient
    let clock: any AppClock
    let audit: AuditTrail
    let operators: OperatorService
    let index: BlindIndex

    public init(
        database: any DatabaseClient, clock: any AppClock, audit: AuditTrail, operators: OperatorService,
        index: BlindIndex
    ) {
        self.database = database
        self.clock = clock
        self.audit = audit
        self.operators = operators
        self.index = index
    }

    public enum Failure: Error, Equatable, Sendable {
        case numberTaken
        case unknownScheme
        case invalidQuota(String)
        case invalidTimes
        case unknownWave
        /// Joining: no wave is open now.
        case noOpenWave
        /// Joining: what the person must finish first (`identity`, `phone`, `eligibility`).
        case notReady(String)
        case alreadyJoined
        /// A recipient never joins again.
        case alreadyRecipient
        /// The draw: the wave is not closed yet, or has no public value yet, or is drawn.
        case notClosed
        case noPublicValue
        case publicValueRecorded
        case alreadyDrawn
        /// The programme budget cannot pay every selected person's balance.
        case budgetShort
        /// The person has no entry in any wave.
        case notJoined
        /// Joining: the consent statements were not accepted.
        case consentRequired
        /// Opening early: the wave is open already, closed or drawn.
        case notScheduled
        /// Opening early: another wave is open now.
        case anotherWaveOpen

        public var code: String {
            switch self {
            case .numberTaken: "wave_number_taken"
            case .unknownScheme: "unknown_scheme"
            case .invalidQuota: "invalid_quota"
            case .invalidTimes: "invalid_times"
            case .unknownWave: "not_found"
            case .noOpenWave: "no_open_wave"
            case .notReady: "not_ready"
            case .alreadyJoined: "already_joined"
            case .alreadyRecipient: "already_recipient"
            case .notClosed: "wave_not_closed"
            case .noPublicValue: "no_public_value"
            case .publicValueRecorded: "public_value_recorded"
            case .alreadyDrawn: "already_drawn"
            case .budgetShort: "budget_short"
            case .notJoined: "not_joined"
            case .consentRequired: "consent_required"
            case .notScheduled: "wave_not_scheduled"
            case .anotherWaveOpen: "another_wave_open"
            }
        }
    }

    /// What an operator sets when creating a wave.
    public struct NewWave: Sendable {
        public var number: Int
        public var opensAt: Date
        public var closesAt: Date
        public var schemeCode: String
        public var schemeVersion: Int
        public var totalQuota: Int
        public var reservedQuota: Int
        public var groupQuotas: [String: Int]
        public var publicSource: String

        public init(
            number: Int, opensAt: Date, closesAt: Date, schemeCode: String, schemeVersion: Int, totalQuota: Int,
            reservedQuota: Int, groupQuotas: [String: Int], publicSource: String
        ) {
            self.number = number
            self.opensAt = opensAt
            self.closesAt = closesAt
            self.schemeCode = schemeCode
            self.schemeVersion = schemeVersion
            self.totalQuota = totalQuota
            self.reservedQuota = reservedQuota
            self.groupQuotas = groupQuotas
            self.publicSource = publicSource
        }
    }

    /// The programme budget account a scheme version's grants come from.
    public static func budgetAccount(_ scheme: Scheme) -> String {
        LedgerService.accountID(.programmeBudget, owner: "\(scheme.code)-v\(scheme.version)")
    }

    /// Creates a wave and draws its secret seed; the seed's commitment is public from now on.
    public func create(_ new: NewWave, as principal: OperatorPrincipal) async throws -> Wave {
        let actor = try await operators.authorize(principal, .runProgramme, action: "wave.create")
        guard new.closesAt > new.opensAt else { throw Failure.invalidTimes }
        guard new.totalQuota > 0, new.reservedQuota >= 0, new.reservedQuota <= new.totalQuota,
            new.groupQuotas.values.allSatisfy({ $0 >= 0 }), !new.groupQuotas.isEmpty
        else { throw Failure.invalidQuota("the total must be positive and at least the reserved places") }
        guard !new.publicSource.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Failure.invalidQuota("name the public random value the draw will use")
        }
        let seed = SecureRandom.bytes(32)
        let wave = Wave(
            id: "gelombang-\(new.number)", number: new.number, schemeCode: new.schemeCode,
            schemeVersion: new.schemeVersion, opensAt: new.opensAt, closesAt: new.closesAt,
            totalQuota: new.totalQuota, reservedQuota: new.reservedQuota, groupQuotas: new.groupQuotas,
            commitment: DrawSeed.commitment(to: seed), publicSource: new.publicSource)
        let now = clock.now()
        let audit = self.audit
        try await database.transaction { connection in
            guard try await SchemeStore(connection).find(code: new.schemeCode, version: new.schemeVersion) != nil else {
                throw Failure.unknownScheme
            }
            guard try await WaveStore(connection).insert(wave, seed: seed, now: now) else { throw Failure.numberTaken }
            try await audit.append(
                .waveChanged, actor: actor, subject: wave.id,
                details: ["action": "create", "commitment": wave.commitment], now: now, in: connection)
        }
        return wave
    }

    /// The scheme versions a new wave may name.
    public func schemes() async throws -> [Scheme] {
        try await database.read { try await SchemeStore($0).all() }
    }

    public func waves() async throws -> [Wave] {
        try await database.read { try await WaveStore($0).all() }
    }

    /// The wave people can join now, if any.
    public func openWave() async throws -> Wave? {
        let now = clock.now()
        return try await database.read { try await WaveStore($0).open(at: now) }
    }

    /// The scheduled wave that opens first, if any.
    public func nextScheduledWave() async throws -> Wave? {
        let now = clock.now()
        return try await waves().filter { $0.phase(at: now) == .scheduled }.min { $0.opensAt < $1.opensAt }
    }

    public func wave(number: Int) async throws -> Wave? {
        try await database.read { try await WaveStore($0).find(number: number) }
    }

    /// Opens a scheduled wave now, ahead of its opening time; no other wave may be open.
    public func open(number: Int, as principal: OperatorPrincipal) async throws {
        let actor = try await operators.authorize(principal, .runProgramme, action: "wave.open")
        let now = clock.now()
        let audit = self.audit
        try await database.transaction { connection in
            let store = WaveStore(connection)
            guard let wave = try await store.find(number: number) else { throw Failure.unknownWave }
            guard wave.phase(at: now) == .scheduled else { throw Failure.notScheduled }
            if let other = try await store.open(at: now), other.id != wave.id { throw Failure.anotherWaveOpen }
            guard try await store.openNow(waveID: wave.id, at: now) else { throw Failure.notScheduled }
            try await audit.append(
                .waveChanged, actor: actor, subject: wave.id, details: ["action": "open"], now: now, in: connection)
        }
    }

    /// Closes the wave now, ahead of its closing time.
    public func close(number: Int, as principal: OperatorPrincipal) async throws {
        let actor = try await operators.authorize(principal, .runProgramme, action: "wave.close")
        let now = clock.now()
        let audit = self.audit
        try await database.transaction { connection in
            let store = WaveStore(connection)
            guard let wave = try await store.find(number: number) else { throw Failure.unknownWave }
            guard try await store.close(waveID: wave.id, at: now) else { return }
            try await audit.append(
                .waveChanged, actor: actor, subject: wave.id, details: ["action": "close"], now: now, in: connection)
        }
    }

    /// Records the public random value named when the wave opened, once the wave has closed.
    public func enterPublicValue(number: Int, value: String, as principal: OperatorPrincipal) async throws {
        let actor = try await operators.authorize(principal, .runProgramme, action: "wave.public_value")
        let value = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty, value.count <= 1000 else { throw Failure.noPublicValue }
        let now = clock.now()
        let audit = self.audit
        try await database.transaction { connection in
            let store = WaveStore(connection)
            guard let wave = try await store.find(number: number) else { throw Failure.unknownWave }
            guard wave.phase(at: now) == .closed else {
                throw wave.phase(at: now) == .drawn ? Failure.alreadyDrawn : Failure.notClosed
            }
            guard try await store.setPublicValue(waveID: wave.id, value: value) else {
                throw Failure.publicValueRecorded
            }
            try await audit.append(
                .waveChanged, actor: actor, subject: wave.id, details: ["action": "public_value"], now: now,
                in: connection)
        }
    }
}
