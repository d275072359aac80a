import Foundation

/// Something the operators should look at: a pattern the platform noticed, kept on a review
/// list (the fraud review work builds on it).
public struct ReviewFlag: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Many cards bought one course from one platform within a short time: a syndicate
        /// buying with harvested cards, as SkillsFuture's S$40M loss began.
        case purchaseBurst = "purchase_burst"
    }

    public var id: String
    public var kind: Kind
    public var partnerID: String
    /// What it is about (the course).
    public var subject: String
    /// How many were seen in the window.
    public var count: Int
    public var windowStart: Date
    public var createdAt: Date

    public init(
        id: String, kind: Kind, partnerID: String, subject: String, count: Int, windowStart: Date, createdAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.partnerID = partnerID
        self.subject = subject
        self.count = count
        self.windowStart = windowStart
        self.createdAt = createdAt
    }
}

/// When purchases look like a burst: at least `purchases` paid purchases of one course through
/// one platform within `window` seconds.
public struct BurstPolicy: Sendable, Equatable {
    public var window: TimeInterval
    public var purchases: Int

    public init(window: TimeInterval = 600, purchases: Int = 50) {
        self.window = window
        self.purchases = purchases
    }

    /// The start of the fixed window `now` falls in (one flag per course per window).
    public func windowStart(_ now: Date) -> Date {
        Date(timeIntervalSince1970: (now.timeIntervalSince1970 / window).rounded(.down) * window)
    }
}

/// A purchase whose participant has not started or not finished.
public struct StalledPurchase: Sendable, Equatable {
    public var purchaseID: String
    public var courseID: String
    public var platformID: String
    public var state: Purchase.State
    /// When it was paid (not started) or when its schedule ended (not finished).
    public var since: Date

    public init(purchaseID: String, courseID: String, platformID: String, state: Purchase.State, since: Date) {
        self.purchaseID = purchaseID
        self.courseID = courseID
        self.platformID = platformID
        self.state = state
        self.since = since
    }
}
