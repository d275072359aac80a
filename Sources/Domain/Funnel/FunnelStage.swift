/// The stages of the registration funnel, in order. Counters exist for every stage from the
/// start; later parts of the journey fill the later ones.
public enum FunnelStage: String, Sendable, CaseIterable, Codable, Comparable {
    case registered
    case emailVerified = "email_verified"
    case identityVerified = "identity_verified"
    case phoneVerified = "phone_verified"
    case joinedWave = "joined_wave"
    case selected

    private var order: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: FunnelStage, rhs: FunnelStage) -> Bool { lhs.order < rhs.order }
}
