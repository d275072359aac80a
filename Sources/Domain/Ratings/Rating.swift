import Foundation

/// A participant's rating of a completed training: 1–5 stars on each criterion and a short
/// review. One per purchase, after completion; required before any incentive.
public struct Rating: Sendable, Equatable, Codable {
    public enum Criterion: String, Sendable, Codable, CaseIterable {
        /// Whether the material was clear and up to date.
        case content
        /// The trainer or the course's explanations.
        case instructor
        /// Whether it helps the participant find work or run a business.
        case usefulness
    }

    public var stars: [Criterion: Int]
    public var review: String

    public init(stars: [Criterion: Int], review: String) {
        self.stars = stars
        self.review = review
    }

    public static let maximumReviewLength = 500

    /// The fields that are wrong, by name: every criterion needs 1–5 stars; the review is
    /// short and not empty.
    public func problems() -> [String] {
        var problems = Criterion.allCases.filter { !(1...5).contains(stars[$0] ?? 0) }.map(\.rawValue)
        let text = review.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty || text.count > Self.maximumReviewLength { problems.append("review") }
        return problems
    }

    /// The mean of the criteria.
    public var overall: Double {
        Double(Criterion.allCases.map { stars[$0] ?? 0 }.reduce(0, +)) / Double(Criterion.allCases.count)
    }
}

/// Ratings of one course or provider: how many, and the averages.
public struct RatingSummary: Sendable, Equatable {
    public var count: Int
    /// Average stars per criterion.
    public var averages: [Rating.Criterion: Double]
    /// The average of every rating's overall mean.
    public var overall: Double

    public init(count: Int, averages: [Rating.Criterion: Double], overall: Double) {
        self.count = count
        self.averages = averages
        self.overall = overall
    }

    public static let none = RatingSummary(count: 0, averages: [:], overall: 0)
}

/// When a course's ratings take it off the catalogue: an average below `threshold` over at
/// least `minimumRatings` ratings suspends it for `suspension` (SkillsFuture suspends its
/// lowest-rated courses for three months).
public struct RatingPolicy: Sendable, Equatable {
    public var threshold: Double
    public var minimumRatings: Int
    public var suspension: TimeInterval

    public init(threshold: Double = 3.0, minimumRatings: Int = 20, suspension: TimeInterval = 90 * 86_400) {
        self.threshold = threshold
        self.minimumRatings = minimumRatings
        self.suspension = suspension
    }

    public func suspends(_ summary: RatingSummary) -> Bool {
        summary.count >= minimumRatings && summary.overall < threshold
    }
}
