import Foundation

/// An email ready to hand to a transport.
public struct OutgoingMail: Sendable, Equatable {
    public var to: String
    public var subject: String
    public var text: String
    public var html: String
    /// Stable per outbox message, so a message delivered twice after a crash is recognisable.
    public var messageID: String

    public init(to: String, subject: String, text: String, html: String, messageID: String) {
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.messageID = messageID
    }
}

/// Delivers email: SMTP in production, the local mailbox in development and tests.
public protocol MailTransport: Sendable {
    func send(_ mail: OutgoingMail) async throws
}
