import Domain
import Foundation

/// What the outbox keeps for one email: who, which template, and the nonce its code is
/// derived from. No code or rendered text is stored.
public struct EmailRequest: Codable, Sendable, Equatable {
    public enum Template: String, Codable, Sendable {
        case verifyEmail = "verify_email"
        case alreadyRegistered = "already_registered"
        case loginCode = "login_code"
        case auditCheckpoint = "audit_checkpoint"
        case failedLogins = "failed_logins"
        case passwordReset = "password_reset"
        case passwordChanged = "password_changed"
        case waveResult = "wave_result"
        /// To a partner: one of its courses was taken off the catalogue for its ratings.
        case courseSuspended = "course_suspended"
    }

    public var template: Template
    public var to: String
    public var locale: AppLocale
    /// The account for verification codes, the challenge for login codes.
    public var subject: String
    public var nonce: String
    /// What the text says besides a code (never a secret): a count, a time, a checkpoint.
    public var values: [String: String]?

    public static let outboxKind = "email"

    public init(
        template: Template, to: String, locale: AppLocale, subject: String, nonce: String,
        values: [String: String]? = nil
    ) {
        self.template = template
        self.to = to
        self.locale = locale
        self.subject = subject
        self.nonce = nonce
        self.values = values
    }

    /// The outbox's payload, read back with `JSONDecoder`; written by hand, as every
    /// registration writes one.
    public func encoded() throws -> String {
        var members = [
            ("template", template.rawValue), ("to", to), ("locale", locale.rawValue), ("subject", subject),
            ("nonce", nonce),
        ].map { JSONText.member($0.0, $0.1) }
        if let values {
            members.append(JSONText.quoted("values") + ":" + JSONText.object(values.sorted { $0.key < $1.key }))
        }
        return "{" + members.joined(separator: ",") + "}"
    }
}
