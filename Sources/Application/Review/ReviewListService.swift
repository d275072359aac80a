import Domain
import Foundation
import Storage

/// The operators' review list: patterns the platform flagged (today, purchase bursts), with the
/// partner and course named.
public struct ReviewListService: Sendable {
    let database: any DatabaseClient
    let clock: any AppClock
    let operators: OperatorService
    /// Paid this long ago and still not started: on the list.
    public let notStartedAfter: TimeInterval

    public init(
        database: any DatabaseClient, clock: any AppClock, operators: OperatorService,
        notStartedAfter: TimeInterval = 7 * 86_400
    ) {
        self.database = database
        self.clock = clock
        self.operators = operators
        self.notStartedAfter = notStartedAfter
    }

    /// A participant who never started or never finished, with the course and platform named
    /// (no personal data: the purchase id is what support looks up).
    public struct StalledEntry: Sendable, Equatable {
        public var stalled: StalledPurchase
        public var courseTitle: String
        public var platformName: String
    }

    /// Paid more than `notStartedAfter` ago and not redeemed, or redeemed and past the
    /// schedule's end without a completion.
    public func stalled(as principal: OperatorPrincipal, limit: Int = 200) async throws -> [StalledEntry] {
        _ = try await operators.authorize(principal, .curateCourses, action: "review_list.stalled")
        let now = clock.now()
        let cutoff = now.addingTimeInterval(-notStartedAfter)
        return try await database.read { connection in
            let partners = PartnerStore(connection)
            let courses = CourseStore(connection)
            var entries: [StalledEntry] = []
            for stalled in try await ReviewFlagStore(connection).stalled(
                paidBefore: cutoff, endedBefore: now, limit: limit)
            {
                entries.append(
                    StalledEntry(
                        stalled: stalled,
                        courseTitle: try await courses.find(id: stalled.courseID)?.details.title ?? stalled.courseID,
                        platformName: try await partners.find(id: stalled.platformID)?.name ?? stalled.platformID))
            }
            return entries
        }
    }

    public struct Entry: Sendable, Equatable {
        public var flag: ReviewFlag
        public var partnerName: String
        public var courseTitle: String
    }

    public func recent(as principal: OperatorPrincipal, limit: Int = 200) async throws -> [Entry] {
        _ = try await operators.authorize(principal, .curateCourses, action: "review_list.view")
        return try await database.read { connection in
            let partners = PartnerStore(connection)
            let courses = CourseStore(connection)
            var entries: [Entry] = []
            for flag in try await ReviewFlagStore(connection).recent(limit: limit) {
                entries.append(
                    Entry(
                        flag: flag, partnerName: try await partners.find(id: flag.partnerID)?.name ?? flag.partnerID,
                        courseTitle: try await courses.find(id: flag.subject)?.details.title ?? flag.subject))
            }
            return entries
        }
    }
}
