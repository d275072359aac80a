import Domain
import Foundation
import SQLKit

/// Ratings of completed purchases, and their counts and averages per course and provider.
public struct RatingStore: Sendable {
    let connection: StorageConnection
    var sql: any SQLDatabase { connection.sql }

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    /// Records a rating; false when the purchase was rated before.
    public func insert(
        _ rating: Rating, purchaseID: String, courseID: String, providerID: String, accountID: String, now: Date
    ) async throws -> Bool {
        try await sql.raw(
            """
            INSERT INTO course_ratings (purchase_id, course_id, provider_id, account_id, content, instructor,
                usefulness, review, created_at)
            VALUES (\(bind: purchaseID), \(bind: courseID), \(bind: providerID), \(bind: accountID),
                \(bind: rating.stars[.content] ?? 0), \(bind: rating.stars[.instructor] ?? 0),
                \(bind: rating.stars[.usefulness] ?? 0), \(bind: rating.review), \(bind: now.millisecondsSince1970))
            ON CONFLICT DO NOTHING
            RETURNING purchase_id
            """
        ).first() != nil
    }

    /// The purchases among `purchaseIDs` that have a rating.
    public func rated(_ purchaseIDs: [String]) async throws -> Set<String> {
        guard !purchaseIDs.isEmpty else { return [] }
        let list = SQLList(purchaseIDs.map { SQLBind($0) })
        return Set(
            try await sql.raw("SELECT purchase_id FROM course_ratings WHERE purchase_id IN (\(list))").all().map {
                try $0.decode(column: "purchase_id", as: String.self)
            })
    }

    public func summary(courseID: String) async throws -> RatingSummary {
        try await summary(where: "course_id = \(bind: courseID)")
    }

    public func summary(providerID: String) async throws -> RatingSummary {
        try await summary(where: "provider_id = \(bind: providerID)")
    }

    private func summary(where condition: SQLQueryString) async throws -> RatingSummary {
        guard
            let row = try await sql.raw(
                """
                SELECT COUNT(*) AS n, AVG(content * 1.0) AS content, AVG(instructor * 1.0) AS instructor,
                    AVG(usefulness * 1.0) AS usefulness, AVG((content + instructor + usefulness) / 3.0) AS overall
                FROM course_ratings WHERE \(condition)
                """
            ).first(), try row.decode(column: "n", as: Int.self) > 0
        else { return .none }
        var averages: [Rating.Criterion: Double] = [:]
        for criterion in Rating.Criterion.allCases {
            averages[criterion] = try row.decode(column: criterion.rawValue, as: Double.self)
        }
        return RatingSummary(
            count: try row.decode(column: "n", as: Int.self), averages: averages,
            overall: try row.decode(column: "overall", as: Double.self))
    }

    /// A course's newest reviews with their overall stars.
    public func reviews(courseID: String, limit: Int) async throws -> [(overall: Double, review: String, at: Date)] {
        try await sql.raw(
            """
            SELECT content, instructor, usefulness, review, created_at FROM course_ratings
            WHERE course_id = \(bind: courseID) ORDER BY created_at DESC, purchase_id DESC LIMIT \(bind: limit)
            """
        ).all().map { row in
            let total =
                try row.decode(column: "content", as: Int.self) + row.decode(column: "instructor", as: Int.self)
                + row.decode(column: "usefulness", as: Int.self)
            return (
                Double(total) / 3, try row.decode(column: "review", as: String.self),
                Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self))
            )
        }
    }
}
