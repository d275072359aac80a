import Domain
import Foundation
import SQLKit

/// Courses and their schedules. A course's details are stored as JSON; what the catalogue
/// filters and searches by is kept in columns beside them.
public struct CourseStore: Sendable {
    let connection: StorageConnection
    var sql: any SQLDatabase { connection.sql }

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    private static let columns: SQLQueryString =
        "id, platform_id, provider_id, reference, details, status, review_note, suspended_until, suspension_reason"

    public func insert(_ course: Course, now: Date) async throws {
        let details = try Self.encode(course.details)
        try await sql.raw(
            """
            INSERT INTO courses (id, platform_id, provider_id, reference, details, category, mode, price,
                province_code, search_text, status, created_at, updated_at)
            VALUES (\(bind: course.id), \(bind: course.platformID), \(bind: course.providerID), \(bind: course.reference),
                \(bind: details), \(bind: course.details.category), \(bind: course.details.mode.rawValue),
                \(bind: course.details.price.amount), \(bind: course.details.provinceCode),
                \(bind: Self.searchText(course.details)), \(bind: course.status.rawValue),
                \(bind: now.millisecondsSince1970), \(bind: now.millisecondsSince1970))
            """
        ).run()
    }

    /// Replaces a course's details (a platform's correction) and sends it back to review.
    public func resubmit(id: String, details: CourseDetails, providerID: String, now: Date) async throws {
        try await sql.raw(
            """
            UPDATE courses SET details = \(bind: try Self.encode(details)), provider_id = \(bind: providerID),
                category = \(bind: details.category), mode = \(bind: details.mode.rawValue),
                price = \(bind: details.price.amount), province_code = \(bind: details.provinceCode),
                search_text = \(bind: Self.searchText(details)), status = \(bind: Course.Status.submitted.rawValue),
                updated_at = \(bind: now.millisecondsSince1970)
            WHERE id = \(bind: id)
            """
        ).run()
    }

    public func find(id: String) async throws -> Course? {
        try await sql.raw("SELECT \(Self.columns) FROM courses WHERE id = \(bind: id)").first().map(Self.course)
    }

    public func find(platformID: String, reference: String) async throws -> Course? {
        try await sql.raw(
            "SELECT \(Self.columns) FROM courses WHERE platform_id = \(bind: platformID) AND reference = \(bind: reference)"
        ).first().map(Self.course)
    }

    /// A platform's courses, whatever their status, newest first.
    public func forPlatform(_ platformID: String, limit: Int) async throws -> [Course] {
        try await sql.raw(
            """
            SELECT \(Self.columns) FROM courses WHERE platform_id = \(bind: platformID)
            ORDER BY created_at DESC, id DESC LIMIT \(bind: limit)
            """
        ).all().map(Self.course)
    }

    /// Courses in one curation state, oldest change first (the operators' review queue).
    public func inStatus(_ status: Course.Status, limit: Int) async throws -> [Course] {
        try await sql.raw(
            """
            SELECT \(Self.columns) FROM courses WHERE status = \(bind: status.rawValue)
            ORDER BY updated_at, id LIMIT \(bind: limit)
            """
        ).all().map(Self.course)
    }

    /// A curation decision; false when the course was not in one of `from`.
    public func decide(
        id: String, to status: Course.Status, note: String, from: [Course.Status], now: Date
    ) async throws -> Bool {
        let allowed = SQLList(from.map { SQLBind($0.rawValue) })
        return try await sql.raw(
            """
            UPDATE courses SET status = \(bind: status.rawValue), review_note = \(bind: note),
                updated_at = \(bind: now.millisecondsSince1970)
            WHERE id = \(bind: id) AND status IN (\(allowed))
            RETURNING id
            """
        ).first() != nil
    }

    /// Takes a course off the catalogue until `until`, saying why.
    public func suspend(id: String, until: Date, reason: String, now: Date) async throws {
        try await sql.raw(
            """
            UPDATE courses SET suspended_until = \(bind: until.millisecondsSince1970),
                suspension_reason = \(bind: reason), updated_at = \(bind: now.millisecondsSince1970)
            WHERE id = \(bind: id)
            """
        ).run()
    }

    /// Listed courses matching `filter`, cheapest first, and how many match in all.
    public func listed(_ filter: CatalogueFilter, now: Date, limit: Int, offset: Int) async throws
        -> (courses: [Course], total: Int)
    {
        var conditions: [SQLQueryString] = [
            "status = 'approved'",
            "(suspended_until IS NULL OR suspended_until <= \(bind: now.millisecondsSince1970))",
        ]
        if let category = filter.category { conditions.append("category = \(bind: category)") }
        if let mode = filter.mode { conditions.append("mode = \(bind: mode.rawValue)") }
        if let price = filter.maximumPrice { conditions.append("price <= \(bind: price.amount)") }
        if let province = filter.provinceCode { conditions.append("province_code = \(bind: province)") }
        // Words are letters and digits only (CatalogueSearch), so they hold no LIKE wildcard.
        for word in filter.words { conditions.append("search_text LIKE \(bind: "% " + word + "%")") }
        let clause = conditions.joined(separator: " AND ")
        let total =
            try await sql.raw("SELECT COUNT(*) AS n FROM courses WHERE \(clause)").first()?
            .decode(column: "n", as: Int.self) ?? 0
        let courses = try await sql.raw(
            """
            SELECT \(Self.columns) FROM courses WHERE \(clause)
            ORDER BY price, id LIMIT \(bind: limit) OFFSET \(bind: offset)
            """
        ).all().map(Self.course)
        return (courses, total)
    }

    public func insert(_ schedule: CourseSchedule) async throws {
        try await sql.raw(
            """
            INSERT INTO course_schedules (id, course_id, starts_at, ends_at, seats, seats_taken)
            VALUES (\(bind: schedule.id), \(bind: schedule.courseID), \(bind: schedule.startsAt.millisecondsSince1970),
                \(bind: schedule.endsAt.millisecondsSince1970), \(bind: schedule.seats), 0)
            """
        ).run()
    }

    public func schedule(id: String) async throws -> CourseSchedule? {
        try await sql.raw(
            "SELECT id, course_id, starts_at, ends_at, seats, seats_taken FROM course_schedules WHERE id = \(bind: id)"
        ).first().map(Self.schedule)
    }

    /// A course's schedules, soonest first.
    public func schedules(courseID: String) async throws -> [CourseSchedule] {
        try await sql.raw(
            """
            SELECT id, course_id, starts_at, ends_at, seats, seats_taken FROM course_schedules
            WHERE course_id = \(bind: courseID) ORDER BY starts_at, id
            """
        ).all().map(Self.schedule)
    }

    /// Takes one seat; false when none is left (checked by the update itself, so two buyers of
    /// the last seat cannot both get it).
    public func takeSeat(scheduleID: String) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE course_schedules SET seats_taken = seats_taken + 1
            WHERE id = \(bind: scheduleID) AND seats_taken < seats
            RETURNING id
            """
        ).first() != nil
    }

    public func releaseSeat(scheduleID: String) async throws {
        try await sql.raw(
            "UPDATE course_schedules SET seats_taken = seats_taken - 1 WHERE id = \(bind: scheduleID) AND seats_taken > 0"
        ).run()
    }

    static func searchText(_ details: CourseDetails) -> String {
        CatalogueSearch.document(
            [details.title, details.titleEnglish, details.description, details.descriptionEnglish]
                + details.outcomes)
    }

    static func encode(_ details: CourseDetails) throws -> String {
        String(decoding: try JSONEncoder().encode(details), as: UTF8.self)
    }

    static func course(_ row: any SQLRow) throws -> Course {
        Course(
            id: try row.decode(column: "id", as: String.self),
            platformID: try row.decode(column: "platform_id", as: String.self),
            providerID: try row.decode(column: "provider_id", as: String.self),
            reference: try row.decode(column: "reference", as: String.self),
            details: try JSONDecoder().decode(
                CourseDetails.self, from: Data(try row.decode(column: "details", as: String.self).utf8)),
            status: Course.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .submitted,
            reviewNote: try row.decode(column: "review_note", as: String.self),
            suspendedUntil: try row.decode(column: "suspended_until", as: Int64?.self).map(
                Date.init(millisecondsSince1970:)),
            suspensionReason: try row.decode(column: "suspension_reason", as: String.self))
    }

    static func schedule(_ row: any SQLRow) throws -> CourseSchedule {
        CourseSchedule(
            id: try row.decode(column: "id", as: String.self),
            courseID: try row.decode(column: "course_id", as: String.self),
            startsAt: Date(millisecondsSince1970: try row.decode(column: "starts_at", as: Int64.self)),
            endsAt: Date(millisecondsSince1970: try row.decode(column: "ends_at", as: Int64.self)),
            seats: try row.decode(column: "seats", as: Int.self),
            seatsTaken: try row.decode(column: "seats_taken", as: Int.self))
    }
}
