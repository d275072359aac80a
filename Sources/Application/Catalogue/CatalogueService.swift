import Domain
import Foundation
import Storage

/// The curated catalogue: platforms submit courses and schedules through the partner API,
/// operators approve, send back or reject them (each decision audited), and participants see
/// only approved courses that are not suspended.
public struct CatalogueService: Sendable {
    let database: any DatabaseClient
    let clock: any AppClock
    let audit: AuditTrail
    let operators: OperatorService
    let regions: RegionTable
    /// The most a course may cost: the scheme's training balance.
    let maximumPrice: Rupiah

    public init(
        database: any DatabaseClient, clock: any AppClock, audit: AuditTrail, operators: OperatorService,
        regions: RegionTable, maximumPrice: Rupiah
    ) {
        self.database = database
        self.clock = clock
        self.audit = audit
        self.operators = operators
        self.regions = regions
        self.maximumPrice = maximumPrice
    }

    public enum Failure: Error, Equatable, Sendable {
        case invalidCourse(fields: [String])
        case invalidSchedule(fields: [String])
        /// The named provider is not an approved training provider.
        case unknownProvider
        case unknownCourse
        /// The course is not in a state that allows the decision.
        case wrongStatus
        case noteRequired

        public var code: String {
            switch self {
            case .invalidCourse: "invalid_course"
            case .invalidSchedule: "invalid_schedule"
            case .unknownProvider: "unknown_provider"
            case .unknownCourse: "unknown_course"
            case .wrongStatus: "course_wrong_status"
            case .noteRequired: "note_required"
            }
        }
    }

    /// A course with what a page shows beside it.
    public struct Listing: Sendable, Equatable {
        public var course: Course
        public var providerName: String
        public var platformName: String
        /// Schedules that have not started, soonest first.
        public var schedules: [CourseSchedule]
        /// The course's ratings, and its provider's over all its courses.
        public var rating: RatingSummary
        public var providerRating: RatingSummary
        /// The newest reviews (on the detail page only).
        public var reviews: [(overall: Double, review: String, at: Date)] = []

        public static func == (lhs: Listing, rhs: Listing) -> Bool {
            lhs.course == rhs.course && lhs.schedules == rhs.schedules && lhs.rating == rhs.rating
        }
    }

    /// Submits a course, or a correction of one the platform submitted before under the same
    /// reference: either way it waits for an operator.
    public func submit(
        platform: Partner, reference: String, providerCode: String, details: CourseDetails
    ) async throws -> Course {
        guard platform.kind == .platform else { throw PartnerAuthFailure.wrongPartnerKind }
        let reference = reference.trimmingCharacters(in: .whitespaces)
        var problems = details.problems(maximumPrice: maximumPrice, knownProvince: { regions.provinces[$0] != nil })
        if reference.isEmpty || reference.count > 64 { problems.insert("reference", at: 0) }
        guard problems.isEmpty else { throw Failure.invalidCourse(fields: problems) }
        let now = clock.now()
        return try await database.transaction { connection in
            guard let provider = try await PartnerStore(connection).find(clientCode: providerCode),
                provider.kind == .provider, provider.status == .approved
            else { throw Failure.unknownProvider }
            let courses = CourseStore(connection)
            if var existing = try await courses.find(platformID: platform.id, reference: reference) {
                try await courses.resubmit(id: existing.id, details: details, providerID: provider.id, now: now)
                existing.details = details
                existing.providerID = provider.id
                existing.status = .submitted
                return existing
            }
            let course = Course(
                id: RandomTokens.timeOrderedID(now: now), platformID: platform.id, providerID: provider.id,
                reference: reference, details: details, status: .submitted)
            try await courses.insert(course, now: now)
            return course
        }
    }

    /// Adds a run of one of the platform's courses.
    public func addSchedule(
        platform: Partner, courseID: String, startsAt: Date, endsAt: Date, seats: Int
    ) async throws -> CourseSchedule {
        let now = clock.now()
        let problems = CourseSchedule.problems(startsAt: startsAt, endsAt: endsAt, seats: seats, now: now)
        guard problems.isEmpty else { throw Failure.invalidSchedule(fields: problems) }
        return try await database.transaction { connection in
            let courses = CourseStore(connection)
            guard let course = try await courses.find(id: courseID), course.platformID == platform.id else {
                throw Failure.unknownCourse
            }
            let schedule = CourseSchedule(
                id: RandomTokens.timeOrderedID(now: now), courseID: course.id, startsAt: startsAt, endsAt: endsAt,
                seats: seats)
            try await courses.insert(schedule)
            return schedule
        }
    }

    /// The platform's own courses, whatever their status, newest first, with their schedules.
    public func ownCourses(platform: Partner, limit: Int = 500) async throws -> [(Course, [CourseSchedule])] {
        guard platform.kind == .platform else { throw PartnerAuthFailure.wrongPartnerKind }
        return try await database.read { connection in
            let courses = CourseStore(connection)
            var result: [(Course, [CourseSchedule])] = []
            for course in try await courses.forPlatform(platform.id, limit: limit) {
                result.append((course, try await courses.schedules(courseID: course.id)))
            }
            return result
        }
    }

    /// One of the platform's own courses, whatever its status, with all its schedules.
    public func ownCourse(platform: Partner, courseID: String) async throws -> (Course, [CourseSchedule]) {
        try await database.read { connection in
            let courses = CourseStore(connection)
            guard let course = try await courses.find(id: courseID), course.platformID == platform.id else {
                throw Failure.unknownCourse
            }
            return (course, try await courses.schedules(courseID: course.id))
        }
    }

    /// An operator's curation decision.
    public enum Decision: String, Sendable, CaseIterable {
        case approve
        case requestChanges = "request_changes"
        case reject

        var status: Course.Status {
            switch self {
            case .approve: .approved
            case .requestChanges: .changesRequested
            case .reject: .rejected
            }
        }
    }

    /// Records a decision on a submitted course (approving one sent back is allowed too once
    /// it is resubmitted); a request for changes or a rejection says why.
    public func decide(courseID: String, _ decision: Decision, note: String, as principal: OperatorPrincipal)
        async throws
    {
        let actor = try await operators.authorize(principal, .curateCourses, action: "course.\(decision.rawValue)")
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if decision != .approve, note.isEmpty { throw Failure.noteRequired }
        guard note.count <= 1_000 else { throw Failure.noteRequired }
        let now = clock.now()
        let audit = self.audit
        try await database.transaction { connection in
            let courses = CourseStore(connection)
            guard try await courses.find(id: courseID) != nil else { throw Failure.unknownCourse }
            guard try await courses.decide(id: courseID, to: decision.status, note: note, from: [.submitted], now: now)
            else { throw Failure.wrongStatus }
            try await audit.append(
                .courseReviewed, actor: actor, subject: courseID,
                details: ["decision": decision.rawValue, "note": note], now: now, in: connection)
        }
    }

    /// The operators' review queue: submitted courses, oldest first, with their partners' names.
    public func reviewQueue(as principal: OperatorPrincipal, limit: Int = 100) async throws -> [Listing] {
        _ = try await operators.authorize(principal, .curateCourses, action: "course.queue")
        return try await database.read { connection in
            let courses = try await CourseStore(connection).inStatus(.submitted, limit: limit)
            return try await Self.listings(courses, now: nil, in: connection)
        }
    }

    /// A page of the public catalogue and how many courses match in all.
    public func search(_ filter: CatalogueFilter, page: Int, pageSize: Int = 20) async throws
        -> (listings: [Listing], total: Int)
    {
        let now = clock.now()
        return try await database.read { connection in
            let (courses, total) = try await CourseStore(connection).listed(
                filter, now: now, limit: pageSize, offset: max(0, page - 1) * pageSize)
            return (try await Self.listings(courses, now: now, in: connection), total)
        }
    }

    /// A listed course, or nil when it is not (or no longer) in the catalogue.
    public func listing(courseID: String) async throws -> Listing? {
        let now = clock.now()
        return try await database.read { connection in
            guard let course = try await CourseStore(connection).find(id: courseID), course.isListed(at: now),
                var listing = try await Self.listings([course], now: now, in: connection).first
            else { return nil }
            listing.reviews = try await RatingStore(connection).reviews(courseID: course.id, limit: 10)
            return listing
        }
    }

    /// Courses with partner names and, when `now` is given, only schedules not yet started.
    static func listings(_ courses: [Course], now: Date?, in connection: StorageConnection) async throws -> [Listing] {
        let partners = PartnerStore(connection)
        let ratings = RatingStore(connection)
        var names: [String: String] = [:]
        var providerRatings: [String: RatingSummary] = [:]
        var listings: [Listing] = []
        for course in courses {
            for id in [course.providerID, course.platformID] where names[id] == nil {
                names[id] = try await partners.find(id: id)?.name ?? ""
            }
            var schedules = try await CourseStore(connection).schedules(courseID: course.id)
            if let now { schedules = schedules.filter { $0.startsAt > now } }
            if providerRatings[course.providerID] == nil {
                providerRatings[course.providerID] = try await ratings.summary(providerID: course.providerID)
            }
            listings.append(
                Listing(
                    course: course, providerName: names[course.providerID] ?? "",
                    platformName: names[course.platformID] ?? "", schedules: schedules,
                    rating: try await ratings.summary(courseID: course.id),
                    providerRating: providerRatings[course.providerID] ?? .none))
        }
        return listings
    }
}
