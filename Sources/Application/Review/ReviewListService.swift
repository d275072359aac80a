import Domain
import Foundation
import Storage

/// The operators' review list: patterns the platform flagged (today, purchase bursts), with the
/// partner and course named.
public struct ReviewListService: Sendable {
    let database: any DatabaseClient
    let operators: OperatorService

    public init(database: any DatabaseClient, operators: OperatorService) {
        self.database = database
        self.operators = operators
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
