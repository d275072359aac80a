import Domain
import Foundation
import Storage

/// The provider's side of a purchase: it checks a redeem code the participant brings, commits
/// it when the participant starts, and reports completion.
public struct RedemptionService: Sendable {
    let database: any DatabaseClient
    let clock: any AppClock

    public init(database: any DatabaseClient, clock: any AppClock) {
        self.database = database
        self.clock = clock
    }

    public enum Failure: Error, Equatable, Sendable {
        case unknownRedeemCode
        case alreadyRedeemed
        /// Voided, or not paid yet.
        case notRedeemable
        case notRedeemed
        case alreadyCompleted
        case invalidAttendance
        case invalidCompletion(fields: [String])

        public var code: String {
            switch self {
            case .unknownRedeemCode: "unknown_redeem_code"
            case .alreadyRedeemed: "already_redeemed"
            case .notRedeemable: "not_redeemable"
            case .notRedeemed: "not_redeemed"
            case .alreadyCompleted: "already_completed"
            case .invalidAttendance: "invalid_attendance"
            case .invalidCompletion: "invalid_completion"
            }
        }
    }

    /// What a provider sees of a redeem code: the purchase and its course.
    public struct Redemption: Sendable, Equatable {
        public var purchase: Purchase
        public var courseTitle: String
        /// Sequence numbers of the sessions attended so far.
        public var attended: [Int] = []
    }

    /// The purchase behind a redeem code, for one of the provider's own courses.
    public func check(provider: Partner, redeemCode: String) async throws -> Redemption {
        guard provider.kind == .provider else { throw PartnerAuthFailure.wrongPartnerKind }
        let code = Self.normalised(redeemCode)
        return try await database.read { connection in
            try await Self.redemption(code: code, provider: provider, forUpdate: false, in: connection)
        }
    }

    /// Commits a redeem code: the participant has started. A second commit is refused.
    public func redeem(provider: Partner, redeemCode: String) async throws -> Redemption {
        guard provider.kind == .provider else { throw PartnerAuthFailure.wrongPartnerKind }
        let code = Self.normalised(redeemCode)
        let now = clock.now()
        return try await database.transaction { connection in
            var found = try await Self.redemption(code: code, provider: provider, forUpdate: true, in: connection)
            switch found.purchase.state {
            case .paid: break
            case .redeemed, .completed: throw Failure.alreadyRedeemed
            case .reserved, .voided: throw Failure.notRedeemable
            }
            guard try await PurchaseStore(connection).markRedeemed(id: found.purchase.id, now: now) else {
                throw Failure.alreadyRedeemed
            }
            found.purchase.state = .redeemed
            found.purchase.redeemedAt = now
            return found
        }
    }

    /// Records that the participant attended session `sequence` (1, 2, …) of a redeemed
    /// training. Reporting the same session again changes nothing.
    public func recordAttendance(provider: Partner, redeemCode: String, sequence: Int, attendedAt: Date)
        async throws -> Redemption
    {
        guard provider.kind == .provider else { throw PartnerAuthFailure.wrongPartnerKind }
        let code = Self.normalised(redeemCode)
        let now = clock.now()
        guard (1...1_000).contains(sequence), attendedAt <= now.addingTimeInterval(300) else {
            throw Failure.invalidAttendance
        }
        return try await database.transaction { connection in
            var found = try await Self.redemption(code: code, provider: provider, forUpdate: true, in: connection)
            switch found.purchase.state {
            case .redeemed: break
            case .completed: throw Failure.alreadyCompleted
            default: throw Failure.notRedeemed
            }
            let purchases = PurchaseStore(connection)
            _ = try await purchases.recordAttendance(
                purchaseID: found.purchase.id, sequence: sequence, attendedAt: attendedAt, now: now)
            found.attended = try await purchases.attendance(purchaseID: found.purchase.id)
            return found
        }
    }

    /// Reports a redeemed training completed with its post-test and certificate.
    public func complete(provider: Partner, redeemCode: String, _ completion: Completion) async throws -> Redemption {
        guard provider.kind == .provider else { throw PartnerAuthFailure.wrongPartnerKind }
        let problems = completion.problems()
        guard problems.isEmpty else { throw Failure.invalidCompletion(fields: problems) }
        let code = Self.normalised(redeemCode)
        let now = clock.now()
        return try await database.transaction { connection in
            var found = try await Self.redemption(code: code, provider: provider, forUpdate: true, in: connection)
            switch found.purchase.state {
            case .redeemed: break
            case .completed: throw Failure.alreadyCompleted
            default: throw Failure.notRedeemed
            }
            let purchases = PurchaseStore(connection)
            guard try await purchases.markCompleted(id: found.purchase.id, completion: completion, now: now) else {
                throw Failure.alreadyCompleted
            }
            found.purchase.state = .completed
            found.purchase.completedAt = now
            found.purchase.completion = completion
            found.attended = try await purchases.attendance(purchaseID: found.purchase.id)
            return found
        }
    }

    /// A code as typed: upper case, without spaces or dashes.
    static func normalised(_ code: String) -> String {
        code.uppercased().filter { !$0.isWhitespace && $0 != "-" }
    }

    static func redemption(code: String, provider: Partner, forUpdate: Bool, in connection: StorageConnection)
        async throws -> Redemption
    {
        guard !code.isEmpty, code.count <= 32,
            let row = try await PurchaseStore(connection).find(redeemCode: code, forUpdate: forUpdate),
            let course = try await CourseStore(connection).find(id: row.purchase.courseID),
            course.providerID == provider.id
        else { throw Failure.unknownRedeemCode }
        return Redemption(
            purchase: row.purchase, courseTitle: course.details.title,
            attended: try await PurchaseStore(connection).attendance(purchaseID: row.purchase.id))
    }
}
