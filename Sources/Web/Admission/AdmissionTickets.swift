import Application
import Crypto
import Foundation
import Synchronization

/// Signed, expiring tickets: a place in the waiting room ("q1.<ticket>.<expires>.<mac>") and
/// admission past it ("a1.<expires>.<mac>"). Kept by browsers as cookies and by API clients
/// as headers; nothing about them is stored except the line itself.
struct AdmissionTickets: Sendable {
    let key: [UInt8]
    /// The admission token depends only on its expiry second, and every admitted response
    /// carries one: signed once a second, not once a response.
    private let latestAdmission = LatestAdmission()

    private final class LatestAdmission: Sendable {
        let token = Mutex<(expires: Int64, token: String)?>(nil)
    }

    init(key: [UInt8]) {
        self.key = key
    }

    static let queueCookie = "prakerja_queue"
    static let admissionCookie = "prakerja_admission"
    static let queueHeader = "X-Queue-Ticket"
    static let admissionHeader = "X-Admission-Ticket"
    /// Admission lasts long enough to register and verify; a place in line, a day.
    static let admissionLifetime: TimeInterval = 3600
    static let queueLifetime: TimeInterval = 86_400

    func admission(now: Date) -> String {
        let expires = Int64(now.addingTimeInterval(Self.admissionLifetime).timeIntervalSince1970)
        if let latest = latestAdmission.token.withLock({ $0 }), latest.expires == expires { return latest.token }
        let token = sign("a1.\(expires)")
        latestAdmission.token.withLock { $0 = (expires, token) }
        return token
    }

    func queue(ticket: Int64, now: Date) -> String {
        sign("q1.\(ticket).\(Int64(now.addingTimeInterval(Self.queueLifetime).timeIntervalSince1970))")
    }

    func isAdmitted(_ token: String?, now: Date) -> Bool {
        guard let parts = verified(token), parts.count == 2, parts[0] == "a1", let expires = Double(parts[1]) else {
            return false
        }
        return expires > now.timeIntervalSince1970
    }

    /// The ticket number in a valid place-in-line token.
    func queueTicket(_ token: String?, now: Date) -> Int64? {
        guard let parts = verified(token), parts.count == 3, parts[0] == "q1", let ticket = Int64(parts[1]),
            let expires = Double(parts[2]), expires > now.timeIntervalSince1970
        else { return nil }
        return ticket
    }

    private func sign(_ body: String) -> String { "\(body).\(mac(body))" }

    private func verified(_ token: String?) -> [Substring]? {
        guard let token, token.count < 200, let dot = token.lastIndex(of: ".") else { return nil }
        let body = String(token[..<dot])
        guard ConstantTime.equal(Array(mac(body).utf8), Array(token[token.index(after: dot)...].utf8)) else {
            return nil
        }
        return body.split(separator: ".")
    }

    private func mac(_ body: String) -> String {
        RandomTokens.base64URL(HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: key)))
    }
}
