import Foundation

/// A text message ready for a gateway.
public struct OutgoingSMS: Sendable, Equatable {
    /// E.164.
    public var to: String
    public var text: String
    /// Stable per outbox message, so a gateway can drop a message sent twice after a crash.
    public var reference: String

    public init(to: String, text: String, reference: String) {
        self.to = to
        self.text = text
        self.reference = reference
    }
}

/// Sends text messages: an HTTP gateway in production, the local SMS box in development.
public protocol SMSTransport: Sendable {
    func send(_ message: OutgoingSMS) async throws
}
