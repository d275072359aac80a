import Domain
import Foundation
import Storage

/// Ratings after completion: one per purchase, published per course and provider with counts
/// and averages; a course whose average falls below the policy's threshold over enough ratings
/// is suspended for a while, and its platform and provider are emailed why.
public struct RatingService: Sendable {
    let database: any DatabaseClient
    let clock: any AppClock
    let audit: AuditTrail
    let strings: StringTable
    public let policy: RatingPolicy

    public init(
        database: any DatabaseClient, clock: any AppClock, audit: AuditTrail, strings: StringTable,
        policy: RatingPolicy = RatingPolicy()
    ) {
        self.database = database
        self.clock = clock
        self.audit = audit
        self.strings = strings
        self.policy = policy
    }

    public enum Failure: Error, Equatable, Sendable {
        case invalidRating(fields: [String])
        case unknownPurchase
        /// Only a completed training is rated.
        case notCompleted
        case alreadyRated

        public var code: String {
            switch self {
            case .invalidRating: "invalid_rating"
            case .unknownPurchase: "unknown_purchase"
            case .notCompleted: "training_not_completed"
            case .alreadyRated: "already_rated"
            }
        }
    }

    /// The codes a page may be sent back with.
    public static let refusalCodes: Set<String> = [
        "invalid_rating", "unknown_purchase", "training_not_completed", "already_rated",
    ]

    /// Records the participant's rating of one of their completed purchases; the course's
    /// summary after it. Suspends the course when its ratings fall below the policy.
    @discardableResult
    public func rate(accountID: String, purchaseID: String, _ rating: Rating) async throws -> RatingSummary {
        let problems = rating.problems()
        guard problems.isEmpty else { throw Failure.invalidRating(fields: problems) }
        let now = clock.now()
        let review = rating.review.trimmingCharacters(in: .whitespacesAndNewlines)
        let (policy, audit, strings) = (self.policy, self.audit, self.strings)
        return try await database.transaction { connection in
            guard let row = try await PurchaseStore(connection).find(id: purchaseID),
                row.purchase.accountID == accountID,
                let course = try await CourseStore(connection).find(id: row.purchase.courseID)
            else { throw Failure.unknownPurchase }
            guard row.purchase.state == .completed else { throw Failure.notCompleted }
            let ratings = RatingStore(connection)
            guard
                try await ratings.insert(
                    Rating(stars: rating.stars, review: review), purchaseID: purchaseID, courseID: course.id,
                    providerID: course.providerID, accountID: accountID, now: now)
            else { throw Failure.alreadyRated }
            let summary = try await ratings.summary(courseID: course.id)
            let suspended = course.suspendedUntil.map { $0 > now } ?? false
            if policy.suspends(summary), !suspended {
                let until = now.addingTimeInterval(policy.suspension)
                let values = [
                    "average": Self.decimal(summary.overall), "count": String(summary.count),
                    "threshold": Self.decimal(policy.threshold),
                ]
                try await CourseStore(connection).suspend(
                    id: course.id, until: until, reason: strings.text("course.suspension_reason", .indonesian, values),
                    now: now)
                try await audit.append(
                    .courseSuspended, actor: .system, subject: course.id,
                    details: values.merging(["until": String(Int64(until.timeIntervalSince1970))]) { a, _ in a },
                    now: now, in: connection)
                let partners = PartnerStore(connection)
                for partnerID in Set([course.platformID, course.providerID]) {
                    guard let partner = try await partners.find(id: partnerID) else { continue }
                    let mail = EmailRequest(
                        template: .courseSuspended, to: partner.contactEmail, locale: .indonesian, subject: partner.id,
                        nonce: "",
                        values: values.merging(
                            [
                                "course": course.details.title, "reference": course.reference,
                                "until": Self.day(until),
                            ]) { a, _ in a })
                    try await OutboxStore(connection).enqueue(
                        kind: EmailRequest.outboxKind, payload: mail.encoded(), now: now)
                }
            }
            return summary
        }
    }

    public func summary(courseID: String) async throws -> RatingSummary {
        try await database.read { try await RatingStore($0).summary(courseID: courseID) }
    }

    public func summary(providerID: String) async throws -> RatingSummary {
        try await database.read { try await RatingStore($0).summary(providerID: providerID) }
    }

    public func reviews(courseID: String, limit: Int = 10) async throws
        -> [(overall: Double, review: String, at: Date)]
    {
        try await database.read { try await RatingStore($0).reviews(courseID: courseID, limit: limit) }
    }

    /// Which of the given purchases are rated.
    public func rated(_ purchaseIDs: [String]) async throws -> Set<String> {
        try await database.read { try await RatingStore($0).rated(purchaseIDs) }
    }

    /// `3,4`: one decimal, with the Indonesian comma.
    static func decimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10),\(tenths % 10)"
    }

    /// `17 Agustus 2026`, in Jakarta.
    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Asia/Jakarta")
        formatter.locale = Locale(identifier: "id_ID")
        formatter.dateFormat = "d MMMM yyyy"
        return formatter.string(from: date)
    }
}
