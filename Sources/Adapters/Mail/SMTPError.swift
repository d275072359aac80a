/// An SMTP conversation that did not end in delivery.
public enum SMTPError: Error, CustomStringConvertible, Sendable {
    /// The server answered a command with an unexpected code.
    case unexpectedReply(command: String, code: Int, text: String)
    case startTLSNotOffered
    case authenticationNotOffered
    case connectionClosed
    case malformedReply(String)
    case timedOut

    public var description: String {
        switch self {
        case .unexpectedReply(let command, let code, let text): "SMTP \(command) answered \(code) \(text)"
        case .startTLSNotOffered: "the SMTP server does not offer STARTTLS and it is required"
        case .authenticationNotOffered: "the SMTP server offers neither AUTH PLAIN nor AUTH LOGIN"
        case .connectionClosed: "the SMTP server closed the connection"
        case .malformedReply(let line): "malformed SMTP reply: \(line.prefix(80))"
        case .timedOut: "the SMTP conversation timed out"
        }
    }

    /// Permanent (5xx) failures will not succeed on retry.
    public var isPermanent: Bool {
        if case .unexpectedReply(_, let code, _) = self { return code >= 500 }
        return false
    }
}
