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
