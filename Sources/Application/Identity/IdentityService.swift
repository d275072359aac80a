import Domain
import Foundation
import Storage

/// Submitting a profile with NIK and KK. The civil-registry check is queued in the same
/// transaction and runs from the outbox, never inside the request.
public struct IdentityService: Sendable {
    let database: any DatabaseClient
    let clock: any AppClock
    let index: BlindIndex
    let regions: RegionTable
    let limiter: RateLimiter

    public init(
        database: any DatabaseClient, clock: any AppClock, index: BlindIndex, regions: RegionTable,
        limiter: RateLimiter
    ) {
        self.database = database
        self.clock = clock
        self.index = index
        self.regions = regions
        self.limiter = limiter
    }

    public static let verificationKind = "identity_verification"

    public enum Failure: Error, Equatable, Sendable {
        /// Field → error code.
        case invalid([String: String])
        /// Verify the email first.
        case emailNotVerified
        case alreadySubmitted
        /// Another account holds this NIK. Says nothing about which; recorded for review.
        case nikClaimed
    }

    /// Validates and stores the profile; returns the warnings shown to the person.
    public func submit(accountID: String, form: ProfileForm, client: String? = nil) async throws -> [String: String] {
        let now = clock.now()
        let outcome = form.validate(regions: regions, today: CalendarDate.inJakarta(now))
        guard let profile = outcome.profile else { throw Failure.invalid(outcome.errors) }
        let details = String(decoding: try JSONEncoder().encode(profile), as: UTF8.self)
        let (nikHash, kkHash) = (index.hash(profile.nik), index.hash(profile.familyCardNumber))
        let payload = String(decoding: try JSONEncoder().encode(["account_id": accountID]), as: UTF8.self)
        let limiter = limiter
        let stored = try await database.transaction { connection in
            if let client {
                try await limiter.enforce(limiter.limits.identityPerAddress, subject: client, now: now, in: connection)
            }
            try await limiter.enforce(limiter.limits.identityPerNIK, subject: profile.nik, now: now, in: connection)
            guard let account = try await AccountStore(connection).find(id: accountID), account.isEmailVerified else {
                throw Failure.emailNotVerified
            }
            let profiles = ProfileStore(connection)
            guard try await profiles.find(accountID: accountID) == nil else { throw Failure.alreadySubmitted }
            guard
                try await profiles.insert(
                    accountID: accountID, nikHash: nikHash, kkHash: kkHash, details: details, now: now)
            else { return false }
            try await OutboxStore(connection).enqueue(kind: Self.verificationKind, payload: payload, now: now)
            return true
        }
        if !stored {
            // Another account holds the NIK: record the attempt for fraud review.
            try await database.transaction {
                try await ProfileStore($0).recordConflict(nikHash: nikHash, accountID: accountID, now: now)
            }
            throw Failure.nikClaimed
        }
        return outcome.warnings
    }

    public func status(accountID: String) async throws -> ProfileRecord? {
        try await database.read { try await ProfileStore($0).find(accountID: accountID) }
    }

    /// The latest eligibility decision, made once the identity is verified.
    public func eligibility(accountID: String) async throws -> EligibilityRecord? {
        try await database.read { try await EligibilityStore($0).latest(accountID: accountID) }
    }
}

extension CalendarDate {
    /// Today's date in Western Indonesia Time, where the programme's dates are set.
    public static func inJakarta(_ date: Date) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Jakarta")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)
    }
}
