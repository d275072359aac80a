import Foundation

/// How a partner signs a request, as Prakerja's partner API does: the lowercase hex HMAC of
/// `client_code + timestamp + METHOD + path + body` under the partner's signing key, sent in
/// the `client_code`, `timestamp` and `signature` headers. `timestamp` is Unix time in whole
/// seconds (10 digits) or milliseconds (13 digits: two identical requests within one second
/// then still differ, since a signature is accepted once); `path` is the request target as sent (with its query string); the body is the exact
/// bytes sent. The HMAC here is SHA-256 (the real API used SHA-1; PARTNERS.md says how to switch).
public enum PartnerSignature {
    /// How far a request's timestamp may be from the server's clock, either way.
    public static let window: TimeInterval = 300

    public static let clientCodeHeader = "client_code"
    public static let timestampHeader = "timestamp"
    public static let signatureHeader = "signature"

    /// The bytes the HMAC is computed over.
    public static func message(clientCode: String, timestamp: String, method: String, path: String, body: [UInt8])
        -> [UInt8]
    {
        Array((clientCode + timestamp + method.uppercased() + path).utf8) + body
    }

    /// The timestamp as Unix seconds when it is a plain number of seconds (up to 12 digits) or
    /// milliseconds (13 digits) inside the window around `now`.
    public static func acceptedTimestamp(_ text: String, now: Date) -> Int64? {
        guard !text.isEmpty, text.count <= 13, text.allSatisfy({ $0.isASCII && $0.isNumber }),
            let number = Int64(text)
        else { return nil }
        let seconds = text.count == 13 ? Double(number) / 1000 : Double(number)
        return abs(seconds - now.timeIntervalSince1970) <= window ? Int64(seconds) : nil
    }

    /// Whether `text` has the shape of a signature (64 lowercase or uppercase hex digits).
    public static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == 64 && text.allSatisfy(\.isHexDigit)
    }
}

/// Why a partner request was refused before its handler ran; each has a stable code.
public enum PartnerAuthFailure: Error, Sendable, Equatable {
    /// A header is missing or malformed.
    case missingCredentials
    case unknownClient
    /// The timestamp is not a number of seconds within the window.
    case timestampOutsideWindow
    case invalidSignature
    /// This exact signature was used before.
    case replayed
    /// The partner is not approved (applied, suspended or rejected).
    case partnerNotActive
    /// The route is for the other kind of partner (a provider calling a platform route).
    case wrongPartnerKind

    public var code: String {
        switch self {
        case .missingCredentials: "signature_missing"
        case .unknownClient: "unknown_client"
        case .timestampOutsideWindow: "timestamp_outside_window"
        case .invalidSignature: "signature_invalid"
        case .replayed: "signature_replayed"
        case .partnerNotActive: "partner_not_active"
        case .wrongPartnerKind: "wrong_partner_kind"
        }
    }
}
