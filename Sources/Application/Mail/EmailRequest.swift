import Domain
import Foundation

/// What the outbox keeps for one email: who, which template, and the nonce its code is
/// derived from. No code or rendered text is stored.
public struct EmailRequest: Codable, Sendable, Equatable {
    public enum Template: String, Codable, Sendable {
        case verifyEmail = "verify_email"
        case alreadyRegistered = "already_registered"
        case loginCode = "login_code"
    }

    public var template: Template
    public var to: String
    public var locale: AppLocale
    /// The account for verification codes, the challenge for login codes.
    public var subject: String
    public var nonce: String

    public static let outboxKind = "email"

    public init(template: Template, to: String, locale: AppLocale, subject: String, nonce: String) {
        self.template = template
        self.to = to
        self.locale = locale
        self.subject = subject
        self.nonce = nonce
    }

    public func encoded() throws -> String {
        String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
    }
}
