import Foundation

/// A training in the catalogue: sold by a platform, taught by a provider, listed only once an
/// operator approved it and while it is not suspended.
public struct Course: Sendable, Equatable, Codable {
    public enum Mode: String, Sendable, Codable, CaseIterable {
        case online, webinar, offline, hybrid

        /// Offline and hybrid courses take place somewhere: they name a province.
        public var hasPlace: Bool { self == .offline || self == .hybrid }
    }

    /// Where curation stands.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Waiting for an operator (new, or changed after a request for changes).
        case submitted
        case changesRequested = "changes_requested"
        case approved
        case rejected
    }

    public var id: String
    public var platformID: String
    public var providerID: String
    /// The platform's own code for the course, unique per platform.
    public var reference: String
    public var details: CourseDetails
    public var status: Status
    /// The operator's last decision note (what to change, why rejected).
    public var reviewNote: String
    /// Until when it is off the catalogue after its ratings fell (nil: not suspended).
    public var suspendedUntil: Date?
    public var suspensionReason: String

    public init(
        id: String, platformID: String, providerID: String, reference: String, details: CourseDetails,
        status: Status, reviewNote: String = "", suspendedUntil: Date? = nil, suspensionReason: String = ""
    ) {
        self.id = id
        self.platformID = platformID
        self.providerID = providerID
        self.reference = reference
        self.details = details
        self.status = status
        self.reviewNote = reviewNote
        self.suspendedUntil = suspendedUntil
        self.suspensionReason = suspensionReason
    }

    /// Whether participants can see and buy it at `now`.
    public func isListed(at now: Date) -> Bool {
        status == .approved && (suspendedUntil.map { $0 <= now } ?? true)
    }
}

/// What a platform submits for a course.
public struct CourseDetails: Sendable, Equatable, Codable {
    public var title: String
    /// An English title, for search and the English pages; empty when the platform gave none.
    public var titleEnglish: String
    public var category: String
    public var description: String
    public var descriptionEnglish: String
    public var outcomes: [String]
    public var price: Rupiah
    public var hours: Int
    public var mode: Mode
    public var minimumAge: Int?
    public var maximumAge: Int?
    public var minimumEducation: Profile.Education?
    /// The province (two-digit code) an offline or hybrid course takes place in.
    public var provinceCode: String?

    public typealias Mode = Course.Mode

    public init(
        title: String, titleEnglish: String = "", category: String, description: String,
        descriptionEnglish: String = "", outcomes: [String], price: Rupiah, hours: Int, mode: Mode,
        minimumAge: Int? = nil, maximumAge: Int? = nil, minimumEducation: Profile.Education? = nil,
        provinceCode: String? = nil
    ) {
        self.title = title
        self.titleEnglish = titleEnglish
        self.category = category
        self.description = description
        self.descriptionEnglish = descriptionEnglish
        self.outcomes = outcomes
        self.price = price
        self.hours = hours
        self.mode = mode
        self.minimumAge = minimumAge
        self.maximumAge = maximumAge
        self.minimumEducation = minimumEducation
        self.provinceCode = provinceCode
    }

    /// The fields that break the catalogue's rules, by name. `maximumPrice` is the scheme's
    /// training balance: a course nobody's balance can pay is not listed.
    public func problems(maximumPrice: Rupiah, knownProvince: (String) -> Bool) -> [String] {
        var problems: [String] = []
        func text(_ value: String, _ field: String, max: Int, required: Bool = true) {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if (required && trimmed.isEmpty) || trimmed.count > max { problems.append(field) }
        }
        text(title, "title", max: 160)
        text(titleEnglish, "title_en", max: 160, required: false)
        if !CourseCategory.all.contains(category) { problems.append("category") }
        text(description, "description", max: 1_000)
        text(descriptionEnglish, "description_en", max: 1_000, required: false)
        if outcomes.isEmpty || outcomes.count > 12
            || outcomes.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty || $0.count > 300 })
        {
            problems.append("outcomes")
        }
        if price.amount <= 0 || price > maximumPrice { problems.append("price") }
        if hours < 1 || hours > 500 { problems.append("hours") }
        if let minimumAge, !(15...80).contains(minimumAge) { problems.append("minimum_age") }
        if let maximumAge, !(15...80).contains(maximumAge) || maximumAge < (minimumAge ?? 0) {
            problems.append("maximum_age")
        }
        if mode.hasPlace {
            if provinceCode.map(knownProvince) != true { problems.append("province") }
        } else if provinceCode != nil {
            problems.append("province")
        }
        return problems
    }
}

/// The catalogue's categories, as Prakerja groups its trainings.
public enum CourseCategory {
    public static let all: [String] = [
        "digital_marketing", "technology", "business", "finance", "language", "culinary", "creative",
        "manufacturing", "agriculture", "health", "hospitality", "personal_development",
    ]
}

/// One run of a course: when it starts and ends, and how many seats it has.
public struct CourseSchedule: Sendable, Equatable, Codable {
    public var id: String
    public var courseID: String
    public var startsAt: Date
    public var endsAt: Date
    public var seats: Int
    public var seatsTaken: Int

    public init(id: String, courseID: String, startsAt: Date, endsAt: Date, seats: Int, seatsTaken: Int = 0) {
        self.id = id
        self.courseID = courseID
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.seats = seats
        self.seatsTaken = seatsTaken
    }

    public var seatsLeft: Int { max(0, seats - seatsTaken) }

    /// What is wrong with a new schedule at `now`, by field name.
    public static func problems(startsAt: Date, endsAt: Date, seats: Int, now: Date) -> [String] {
        var problems: [String] = []
        if startsAt <= now { problems.append("starts_at") }
        if endsAt <= startsAt || endsAt.timeIntervalSince(startsAt) > 366 * 86_400 { problems.append("ends_at") }
        if seats < 1 || seats > 100_000 { problems.append("seats") }
        return problems
    }
}
