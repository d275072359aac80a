import Foundation

/// A wave (gelombang): a period in which eligible people join, then a draw among them within
/// quotas, under one scheme version.
public struct Wave: Sendable, Hashable {
    public var id: String
    public var number: Int
    public var schemeCode: String
    public var schemeVersion: Int
    public var opensAt: Date
    public var closesAt: Date
    public var totalQuota: Int
    public var reservedQuota: Int
    /// Places per province or regency code.
    public var groupQuotas: [String: Int]
    /// SHA-256 of the platform's secret seed, published from the opening.
    public var commitment: String
    /// The public random value the draw will also use, named in advance.
    public var publicSource: String
    /// That value, entered after the close.
    public var publicValue: String?
    public var drawnAt: Date?

    public init(
        id: String, number: Int, schemeCode: String, schemeVersion: Int, opensAt: Date, closesAt: Date,
        totalQuota: Int, reservedQuota: Int, groupQuotas: [String: Int], commitment: String, publicSource: String,
        publicValue: String? = nil, drawnAt: Date? = nil
    ) {
        self.id = id
        self.number = number
        self.schemeCode = schemeCode
        self.schemeVersion = schemeVersion
        self.opensAt = opensAt
        self.closesAt = closesAt
        self.totalQuota = totalQuota
        self.reservedQuota = reservedQuota
        self.groupQuotas = groupQuotas
        self.commitment = commitment
        self.publicSource = publicSource
        self.publicValue = publicValue
        self.drawnAt = drawnAt
    }

    public enum Phase: String, Sendable {
        /// Not open yet.
        case scheduled
        /// People may join.
        case open
        /// Closed, the draw not yet made.
        case closed
        /// The draw is made and published.
        case drawn
    }

    public func phase(at now: Date) -> Phase {
        if drawnAt != nil { return .drawn }
        if now < opensAt { return .scheduled }
        if now < closesAt { return .open }
        return .closed
    }

    /// Whether quotas are set per regency (`3171`) rather than per province (`31`).
    public var quotasPerRegency: Bool { groupQuotas.keys.contains { $0.count > 2 } }
}

/// Where one person's entry in a wave stands, as applicants know it.
public enum EntryStatus: String, Sendable, Codable, CaseIterable {
    /// Joined; the wave is still open (*menunggu gelombang ditutup*).
    case waitingForClose = "waiting_for_close"
    /// The wave closed; the draw is not made yet (*dalam proses seleksi*).
    case inSelection = "in_selection"
    /// Selected (*lolos*).
    case selected
    /// Not selected this time (*belum berhasil*): the next open wave is one action away.
    case notSelected = "not_selected"
}
