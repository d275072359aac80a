import Domain
import Foundation

/// Tokens that mark a browser or app as one that has signed in to an account before
/// ("d1.<kind>.<account>.<expires>.<mac>"): handed out with a session, kept in a long-lived
/// cookie or by the app, and sent with the next sign-in. An account under attack from
/// elsewhere still answers its owner's known devices as usual.
public struct KnownDevices: Sendable {
    private let mac: TokenMAC
    static let lifetime: TimeInterval = 365 * 86_400

    public init(key: [UInt8]) {
        mac = TokenMAC(key: key)
    }

    /// Who a token is for: an applicant account or an operator.
    public enum Kind: String, Sendable {
        case applicant = "a"
        case `operator` = "o"
    }

    public func token(for kind: Kind, id: String, now: Date) -> String {
        let expires = Int64(now.addingTimeInterval(Self.lifetime).timeIntervalSince1970)
        let body = "d1.\(kind.rawValue).\(id).\(expires)"
        return "\(body).\(mac(body))"
    }

    /// Whether `token` marks a device that signed in as `id` and has not expired.
    public func recognises(_ token: String?, kind: Kind, id: String, now: Date) -> Bool {
        guard let token, token.count < 300, let dot = token.lastIndex(of: ".") else { return false }
        let body = String(token[..<dot])
        guard ConstantTime.equal(Array(mac(body).utf8), Array(token[token.index(after: dot)...].utf8)) else {
            return false
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "d1", parts[1] == kind.rawValue, parts[2] == id,
            let expires = Double(parts[3]), expires > now.timeIntervalSince1970
        else { return false }
        return true
    }
}
