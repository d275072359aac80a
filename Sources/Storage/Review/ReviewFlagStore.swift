import Domain
import Foundation
import SQLKit

/// The operators' review list, and the counts its checks read.
public struct ReviewFlagStore: Sendable {
    let connection: StorageConnection
    var sql: any SQLDatabase { connection.sql }

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    /// Purchases of a course through a platform paid since `start`.
    public func paidPurchases(courseID: String, platformID: String, since start: Date) async throws -> Int {
        try await sql.raw(
            """
            SELECT COUNT(*) AS n FROM purchases
            WHERE course_id = \(bind: courseID) AND platform_id = \(bind: platformID)
                AND paid_at >= \(bind: start.millisecondsSince1970)
            """
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Adds a flag, or raises the count of the one for the same kind, subject and window.
    public func raise(_ flag: ReviewFlag) async throws {
        try await sql.raw(
            """
            INSERT INTO review_flags (id, kind, partner_id, subject, count, window_start, created_at)
            VALUES (\(bind: flag.id), \(bind: flag.kind.rawValue), \(bind: flag.partnerID), \(bind: flag.subject),
                \(bind: flag.count), \(bind: flag.windowStart.millisecondsSince1970),
                \(bind: flag.createdAt.millisecondsSince1970))
            ON CONFLICT (kind, subject, window_start) DO UPDATE SET count = excluded.count
            """
        ).run()
    }

    /// Paid purchases not redeemed since before `paidBefore`, and redeemed ones whose schedule
    /// ended before `endedBefore` without a completion; oldest first, at most `limit` of each.
    public func stalled(paidBefore: Date, endedBefore: Date, limit: Int) async throws -> [StalledPurchase] {
        let notStarted = try await sql.raw(
            """
            SELECT id, course_id, platform_id, state, paid_at AS since FROM purchases
            WHERE state = 'paid' AND paid_at < \(bind: paidBefore.millisecondsSince1970)
            ORDER BY paid_at, id LIMIT \(bind: limit)
            """
        ).all()
        let notFinished = try await sql.raw(
            """
            SELECT purchases.id, purchases.course_id, purchases.platform_id, purchases.state,
                course_schedules.ends_at AS since
            FROM purchases JOIN course_schedules ON course_schedules.id = purchases.schedule_id
            WHERE purchases.state = 'redeemed' AND course_schedules.ends_at < \(bind: endedBefore.millisecondsSince1970)
            ORDER BY course_schedules.ends_at, purchases.id LIMIT \(bind: limit)
            """
        ).all()
        return try (notStarted + notFinished).map { row in
            StalledPurchase(
                purchaseID: try row.decode(column: "id", as: String.self),
                courseID: try row.decode(column: "course_id", as: String.self),
                platformID: try row.decode(column: "platform_id", as: String.self),
                state: Purchase.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .paid,
                since: Date(millisecondsSince1970: try row.decode(column: "since", as: Int64.self)))
        }
    }

    /// The newest flags first.
    public func recent(limit: Int) async throws -> [ReviewFlag] {
        try await sql.raw(
            """
            SELECT id, kind, partner_id, subject, count, window_start, created_at FROM review_flags
            ORDER BY created_at DESC, id DESC LIMIT \(bind: limit)
            """
        ).all().map { row in
            ReviewFlag(
                id: try row.decode(column: "id", as: String.self),
                kind: ReviewFlag.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .purchaseBurst,
                partnerID: try row.decode(column: "partner_id", as: String.self),
                subject: try row.decode(column: "subject", as: String.self),
                count: try row.decode(column: "count", as: Int.self),
                windowStart: Date(millisecondsSince1970: try row.decode(column: "window_start", as: Int64.self)),
                createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)))
        }
    }
}
