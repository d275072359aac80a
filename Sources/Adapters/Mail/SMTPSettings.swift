import Foundation

/// Where and how to send mail: `smtp://user:password@host:587` (STARTTLS when the server offers
/// it; add `?starttls=required` to refuse a server that does not) or `smtps://…:465` (TLS from
/// the first byte).
public struct SMTPSettings: Sendable, Equatable {
    public enum Security: Sendable, Equatable {
        case startTLSIfOffered
        case startTLSRequired
        case implicitTLS
    }

    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var security: Security
    /// The sender, e.g. `Prakerja <no-reply@prakerja.example>`.
    public var from: MailboxAddress
    /// The name this client gives in EHLO.
    public var clientName: String
    /// A PEM file of the certificates to trust instead of the system's (a private CA); nil
    /// trusts the system's roots. The server's certificate is always verified.
    public var trustedCertificatesFile: String?

    public init(
        host: String, port: Int, username: String? = nil, password: String? = nil,
        security: Security = .startTLSIfOffered, from: MailboxAddress, clientName: String = "localhost",
        trustedCertificatesFile: String? = nil
    ) {
        self.trustedCertificatesFile = trustedCertificatesFile
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.security = security
        self.from = from
        self.clientName = clientName
    }

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public init(url text: String, from: MailboxAddress) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
            scheme == "smtp" || scheme == "smtps"
        else { throw Invalid(description: "expected smtp://USER:PASSWORD@HOST:PORT or smtps://…") }
        guard let host = components.host, !host.isEmpty else { throw Invalid(description: "the SMTP URL has no host") }
        let startTLS = components.queryItems?.first(where: { $0.name == "starttls" })?.value
        let security: Security
        switch (scheme, startTLS) {
        case ("smtps", _): security = .implicitTLS
        case (_, "required"): security = .startTLSRequired
        case (_, nil), (_, "optional"): security = .startTLSIfOffered
        default: throw Invalid(description: "starttls must be required or optional")
        }
        self.init(
            host: host, port: components.port ?? (scheme == "smtps" ? 465 : 587),
            username: components.user?.removingPercentEncoding, password: components.password?.removingPercentEncoding,
            security: security, from: from)
    }
}

/// A display name and an address, as in `Prakerja <no-reply@example.id>`.
public struct MailboxAddress: Sendable, Equatable {
    public var name: String?
    public var address: String

    public init(name: String?, address: String) {
        self.name = name
        self.address = address
    }

    /// Parses `Name <address>` or a bare address.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
            let name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            guard address.contains("@") else { return nil }
            self.init(name: name.isEmpty ? nil : name, address: address)
        } else {
            guard trimmed.contains("@"), !trimmed.contains(" ") else { return nil }
            self.init(name: nil, address: trimmed)
        }
    }
}
