import Application
import Domain
import Foundation
import HTTPTypes
import NIOCore
import Storage

/// What the waiting room's door tells the people it holds back, worked out from this process's
/// snapshot of the line with no database call. Shared by `AdmissionMiddleware`, which sees every
/// request in a line, and `AdmissionDoorHandler`, which answers the API's newcomers and people
/// still waiting below the router, so both say the same thing.
struct AdmissionDoor: Sendable {
    let controller: AdmissionController
    let tickets: AdmissionTickets
    private let bodies: WaitingRoomBody

    init(controller: AdmissionController, tickets: AdmissionTickets, strings: StringTable) {
        self.controller = controller
        self.tickets = tickets
        bodies = WaitingRoomBody(strings: strings)
    }

    /// What someone held back is told: their place-in-line token, where they stand, and when to
    /// come back.
    struct Notice: Sendable, Equatable {
        let token: String
        let position: Int64?
        let place: Int?
        let estimate: TimeInterval?
        let openingInFuture: Bool
        let retrySeconds: Int
    }

    /// The notice for `ticket`; `fixedRetry` overrides when to come back, `unchangedToken` is
    /// handed back instead of a new token.
    func notice(
        ticket: Int64, position: Int64?, place: Int?, now: Date, retry fixedRetry: Int? = nil,
        reusing unchangedToken: String? = nil, toldAtDoor: Bool = false
    ) -> Notice {
        let token =
            unchangedToken ?? tickets.queue(ticket: ticket, position: position, now: now, toldAtDoor: toldAtDoor)
        let snapshot = controller.snapshot
        let opening = snapshot.openingInFuture(now: now)
        let estimate =
            opening ? nil : place.flatMap { AdmissionPolicy.estimatedWait(place: $0, rate: controller.admissionRate) }
        // Before a scheduled opening, come back when it opens; otherwise near the turn the
        // estimate gives; with no estimate yet, a newcomer comes back in a moment, when the next
        // pass of the line has numbered them.
        let untilOpening = snapshot.state.openingAt.map { Double($0) - now.timeIntervalSince1970 }
        let retry =
            fixedRetry
            ?? (opening
                ? AdmissionPolicy.refreshWhileStill(untilOpening: untilOpening)
                : estimate.map { AdmissionPolicy.refreshInterval(estimatedWait: $0) }
                    ?? (position == nil
                        ? AdmissionPolicy.firstRefreshSeconds : AdmissionPolicy.refreshWhileStill(untilOpening: nil)))
        return Notice(
            token: token, position: position, place: place, estimate: estimate, openingInFuture: opening,
            retrySeconds: retry)
    }

    /// The notice for someone whose numbered place has not come yet; nil once it has.
    /// `token` is their own, handed back unchanged while it is fresh.
    func stillWaiting(ticket: Int64, position: Int64, token: String?, now: Date) -> Notice? {
        let admittedThrough = controller.snapshot.state.admittedThrough
        guard position > admittedThrough else { return nil }
        return notice(
            ticket: ticket, position: position, place: Int(position - admittedThrough), now: now, reusing: token)
    }

    /// The notice for a newcomer who just joined the line with `ticket`.
    func newcomer(ticket: Int64, now: Date) -> Notice {
        let peopleWaiting = controller.noteJoined()
        // Not numbered yet, but about as far back as the line is long: told so, a newcomer
        // comes back near their turn rather than in a moment only to learn their number.
        let place = controller.snapshot.openingInFuture(now: now) ? nil : peopleWaiting
        return notice(ticket: ticket, position: nil, place: place, now: now)
    }

    /// The API's waiting answer (`503`): the JSON body, and the headers that say what it is,
    /// the place-in-line token and when to come back.
    func apiAnswer(_ notice: Notice, line: AdmissionLine, locale: AppLocale) -> (headers: HTTPFields, body: ByteBuffer)
    {
        let body = bodies.json(
            line: line, locale: locale, position: notice.position, place: notice.place,
            estimatedWaitSeconds: notice.estimate.map { Int($0.rounded(.up)) }, ticket: notice.token)
        var headers = JSONBody.headers
        headers[HTTPField.Name(AdmissionTickets.queueHeader)!] = notice.token
        headers[.retryAfter] = String(notice.retrySeconds)
        return (headers, body)
    }
}
