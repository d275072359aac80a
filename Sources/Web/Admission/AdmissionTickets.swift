import Application
import Foundation

/// Signed, expiring tickets: a place in the waiting room ("q1.<ticket>.<expires>.<mac>", then
/// "q2.<ticket>.<position>.<expires>.<mac>" once the line has numbered it, "q3…" once its
/// holder, whose turn had come, was told at the door to wait a moment) and
/// admission past it ("a2.<visitor>.<client>.<expires>.<mac>"). Kept by browsers as cookies
/// and by API clients as headers; nothing about them is stored except the line itself.
///
/// An admission belongs to one visitor: a random id drawn when they are let in, and a keyed
/// tag of the address they were let in from, checked on every request, so a ticket copied to
/// another client does not admit it. It lasts a short while past the visitor's last request
/// and is renewed as they go on (enough to register and verify; a signed-in person needs none).
/// A place in line admits once (`WaitingRoom.admit`).
struct AdmissionTickets: Sendable {
    private let mac: TokenMAC

    init(key: [UInt8]) {
        mac = TokenMAC(key: key)
    }

    static let queueCookie = "prakerja_queue"
    static let admissionCookie = "prakerja_admission"
    static let queueHeader = "X-Queue-Ticket"
    static let admissionHeader = "X-Admission-Ticket"
    /// Admission lasts this long past the last renewal; a place in line, a day.
    static let admissionLifetime: TimeInterval = 900
    /// A ticket is renewed once less than this much of it is left, so at most once a minute.
    static let renewalMargin: TimeInterval = admissionLifetime - 60
    static let queueLifetime: TimeInterval = 86_400

    /// An admission that checked out: whose it is and when it ends.
    struct Admitted: Equatable {
        let visitor: String
        let expires: Int64

        func needsRenewal(now: Date) -> Bool {
            Double(expires) - now.timeIntervalSince1970 < AdmissionTickets.renewalMargin
        }
    }

    /// A new visitor's id.
    static func newVisitor() -> String { RandomTokens.base64URL(SecureRandom.bytes(12)) }

    /// The keyed tag of a client's address: the ticket names the client without showing the address.
    func clientTag(_ address: String?) -> String {
        String(mac("client\u{1F}\(address ?? "unknown")").prefix(12))
    }

    func admission(visitor: String, client: String, now: Date) -> String {
        sign("a2.\(visitor).\(client).\(Int64(now.addingTimeInterval(Self.admissionLifetime).timeIntervalSince1970))")
    }

    /// A place-in-line token; once the line has numbered the ticket, its position (fixed from
    /// then on) is signed in too, so a person coming back costs no database read until their
    /// turn.
    func queue(ticket: Int64, position: Int64?, now: Date, toldAtDoor: Bool = false) -> String {
        let expires = Int64(now.addingTimeInterval(Self.queueLifetime).timeIntervalSince1970)
        guard let position else { return sign("q1.\(ticket).\(expires)") }
        return sign("\(toldAtDoor ? "q3" : "q2").\(ticket).\(position).\(expires)")
    }

    /// A place in line: the ticket, and its position when the token carries it.
    struct Queued: Equatable {
        let ticket: Int64
        let position: Int64?
        let expires: Int64
        /// Whether its holder has been told at the door to wait before.
        var toldAtDoor = false

        /// A token that already carries its position is handed back as it is, and signed anew
        /// only once half its life has gone: a person coming back costs one MAC, not two.
        func stillFresh(now: Date) -> Bool {
            position != nil && Double(expires) - now.timeIntervalSince1970 > AdmissionTickets.queueLifetime / 2
        }
    }

    /// The admission `token` grants `client` now, if any.
    func admitted(_ token: String?, client: String, now: Date) -> Admitted? {
        guard let parts = verified(token), parts.count == 4, parts[0] == "a2", parts[2] == client,
            let expires = Int64(parts[3]), Double(expires) > now.timeIntervalSince1970
        else { return nil }
        return Admitted(visitor: String(parts[1]), expires: expires)
    }

    /// The place in a valid place-in-line token.
    func queued(_ token: String?, now: Date) -> Queued? {
        guard let parts = verified(token), let expires = parts.last.flatMap({ Int64($0) }),
            Double(expires) > now.timeIntervalSince1970, let ticket = Int64(parts[1])
        else { return nil }
        switch (parts[0], parts.count) {
        case ("q1", 3): return Queued(ticket: ticket, position: nil, expires: expires)
        case ("q2", 4): return Int64(parts[2]).map { Queued(ticket: ticket, position: $0, expires: expires) }
        case ("q3", 4):
            return Int64(parts[2]).map { Queued(ticket: ticket, position: $0, expires: expires, toldAtDoor: true) }
        default: return nil
        }
    }

    private func sign(_ body: String) -> String { "\(body).\(mac(body))" }

    private func verified(_ token: String?) -> [Substring]? {
        guard let token, token.count < 200, let dot = token.lastIndex(of: ".") else { return nil }
        let body = String(token[..<dot])
        guard ConstantTime.equal(Array(mac(body).utf8), Array(token[token.index(after: dot)...].utf8)) else {
            return nil
        }
        return body.split(separator: ".", omittingEmptySubsequences: false)
    }
}
