import Application
import Domain
import Foundation
import Storage
import Synchronization
import TestSupport

/// Keeps what it is asked to send; fails the first `failures` sends.
final class RecordingTransport: MailTransport {
    private let state: Mutex<(sent: [OutgoingMail], failuresLeft: Int)>

    init(failures: Int = 0) {
        state = Mutex(([], failures))
    }

    struct Unreachable: Error {}

    func send(_ mail: OutgoingMail) async throws {
        try state.withLock { state in
            if state.failuresLeft > 0 {
                state.failuresLeft -= 1
                throw Unreachable()
            }
            state.sent.append(mail)
        }
    }

    var sent: [OutgoingMail] { state.withLock { $0.sent } }
}

/// Keeps the text messages it is asked to send.
final class RecordingSMS: SMSTransport {
    private let state = Mutex<[OutgoingSMS]>([])

    func send(_ message: OutgoingSMS) async throws { state.withLock { $0.append(message) } }

    var sent: [OutgoingSMS] { state.withLock { $0 } }
}

/// The use cases over one test database, built by the same `Services` the server uses, with
/// recording transports, a fake registry and a clock the test moves.
struct Harness {
    static let secret = [UInt8](repeating: 7, count: 32)

    let database: any DatabaseClient
    let clock = TestClock()
    let transport: RecordingTransport
    let sms = RecordingSMS()
    let services: Services
    var accounts: AccountService { services.accounts }
    var worker: OutboxWorker { services.worker }
    var codes: OneTimeCodes { services.codes }
    var index: BlindIndex { services.index }
    var identity: IdentityService { services.identity }
    var phones: PhoneService { services.phones }
    var limiter: RateLimiter { services.limiter }
    var audit: AuditTrail { services.audit }
    var operators: OperatorService { services.operators }

    init(
        database: any DatabaseClient, transport: RecordingTransport = RecordingTransport(),
        retry: RetryPolicy = .outbox,
        registry: any CivilRegistry = FakeRegistry(), scheme: Scheme = .y2023, limits: RateLimits = RateLimits(),
        auditors: [EmailAddress] = [], ratings: RatingPolicy = RatingPolicy(), burst: BurstPolicy = BurstPolicy()
    ) {
        self.database = database
        self.transport = transport
        services = Services(
            database: database, keys: SecretKeys(secret: Self.secret),
            ports: .init(mail: transport, sms: sms, registry: registry, clock: clock),
            settings: .init(
                bcryptCost: 4, limits: limits, scheme: scheme, publicBaseURL: "https://prakerja.test", retry: retry,
                auditors: auditors, ratings: ratings, burst: burst),
            logger: TestDatabase.logger)
    }

    /// Delivers everything due now.
    func deliver() async throws {
        while try await worker.runOnce() > 0 {}
    }

    /// The six-digit code in the newest mail to `email`.
    func latestCode(to email: String) throws -> String {
        guard let mail = transport.sent.last(where: { $0.to == email }) else { throw NoMail(email: email) }
        guard let range = mail.subject.range(of: #"\d{6}"#, options: .regularExpression) else {
            throw NoMail(email: email)
        }
        return String(mail.subject[range])
    }

    struct NoMail: Error {
        let email: String
    }

    func counts() async throws -> FunnelCounts {
        try await FunnelStatistics(database: database).counts()
    }
}

/// A civil registry whose records and availability the test controls.
final class FakeRegistry: CivilRegistry {
    private let state = Mutex<(records: [String: RegistryRecord], down: Bool, calls: Int)>(([:], false, 0))

    func add(_ record: RegistryRecord) { state.withLock { $0.records[record.nik] = record } }
    func setDown(_ down: Bool) { state.withLock { $0.down = down } }
    var calls: Int { state.withLock { $0.calls } }

    func lookup(nik: String) async throws -> RegistryRecord? {
        try state.withLock { state in
            state.calls += 1
            if state.down { throw CivilRegistryError.unavailable("test outage") }
            return state.records[nik]
        }
    }
}
