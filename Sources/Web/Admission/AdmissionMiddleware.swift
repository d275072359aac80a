import Application
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Storage

/// The waiting room's door. Signed-in people, visitors with an admission ticket and requests
/// that wait in no line (`AdmissionLine`: signing in, account recovery, help) always go in. A
/// new visitor goes in when nobody waits and the process has room; otherwise they join the
/// shared line and get a page (or, from the API, `503` with `Retry-After`) with their ticket
/// number, how many people are ahead and an estimate, until their turn comes. It sits on the applicant API's group and the
/// pages' group, after the session is looked up; operations endpoints, static files, the
/// operator API and the development tools are on groups without it, so they are never held.
struct AdmissionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let controller: AdmissionController
    let tickets: AdmissionTickets
    let strings: StringTable
    let secureCookies: Bool
    /// Whether the group answers in JSON (tickets in headers) or with pages (tickets in cookies).
    let isAPI: Bool
    private let bodies: WaitingRoomBody

    init(
        controller: AdmissionController, tickets: AdmissionTickets, strings: StringTable, secureCookies: Bool,
        isAPI: Bool
    ) {
        self.controller = controller
        self.tickets = tickets
        self.strings = strings
        self.secureCookies = secureCookies
        self.isAPI = isAPI
        bodies = WaitingRoomBody(strings: strings)
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let gauge = controller.gauge
        if context.account != nil { return try await gauge.counting { try await next(request, context) } }
        guard let line = AdmissionLine(path: request.uri.path) else {
            return try await gauge.counting { try await next(request, context) }
        }
        let now = controller.clock.now()
        if let token = request.headers[HTTPField.Name(AdmissionTickets.admissionHeader)!]
            ?? request.cookies[AdmissionTickets.admissionCookie]?.value
        {
            let client = tickets.clientTag(context.clientAddress)
            if let admitted = tickets.admitted(token, client: client, now: now) {
                let response = try await timed(request, context, next)
                guard admitted.needsRenewal(now: now) else { return response }
                return admit(response, visitor: admitted.visitor, client: client, now: now)
            }
        }
        let queueToken =
            request.headers[HTTPField.Name(AdmissionTickets.queueHeader)!]
            ?? request.cookies[AdmissionTickets.queueCookie]?.value
        if let queueToken, let queued = tickets.queued(queueToken, now: now) {
            let ticket = queued.ticket
            var (found, position) = (true, queued.position)
            if position == nil { (found, position) = try await controller.waitingRoom.position(ticket: ticket) }
            if found, let position {
                let admittedThrough = controller.snapshot.state.admittedThrough
                guard position <= admittedThrough else {
                    return waiting(
                        ticket: ticket, position: position, place: Int(position - admittedThrough), line: line,
                        context: context, now: now, reusing: queued.stillFresh(now: now) ? queueToken : nil)
                }
                // A turn that has come is taken when there is room now: people let in while
                // the line moved come back at their own times, and a crowd of them arriving
                // together waits a moment, first in line, rather than overloading the server.
                guard controller.opensTheDoor(firstTime: !queued.toldAtDoor) else {
                    return waiting(
                        ticket: ticket, position: position, place: 1, line: line, context: context, now: now,
                        retry: AdmissionPolicy.spread(controller.doorRetrySeconds, key: ticket), toldAtDoor: true)
                }
                // A place in line admits once: whoever comes with it again (or a copy of it)
                // is a newcomer. Work from the door on: counted while their place is used up,
                // or everyone let through in that moment would find room.
                let response = try await timed(request, context, next) {
                    try await controller.waitingRoom.admit(ticket: ticket, now: now)
                }
                if let response {
                    return admit(
                        response, visitor: AdmissionTickets.newVisitor(),
                        client: tickets.clientTag(context.clientAddress),
                        now: now, leavingLine: true)
                }
            } else if found {
                return waiting(ticket: ticket, position: nil, place: nil, line: line, context: context, now: now)
            }
        }
        switch controller.decide(now: now) {
        case .admit:
            // Admitted now means admitted while they go on: pages keep the ticket in a cookie,
            // API clients get it in a header to send back, so a line forming later never holds
            // them back halfway through registering.
            return admit(
                try await timed(request, context, next), visitor: AdmissionTickets.newVisitor(),
                client: tickets.clientTag(context.clientAddress), now: now)
        case .queue:
            let ticket = try await controller.waitingRoom.join(now: now)
            let peopleWaiting = controller.noteJoined()
            // Not numbered yet, but about as far back as the line is long: told so, a newcomer
            // comes back near their turn rather than in a moment only to learn their number.
            let place = controller.snapshot.openingInFuture(now: now) ? nil : peopleWaiting
            return waiting(ticket: ticket, position: nil, place: place, line: line, context: context, now: now)
        }
    }

    /// Runs an admitted request, counted as work, and records how long it took, less the time
    /// it spent hashing passwords on purpose.
    private func timed(_ request: Request, _ context: Context, _ next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        try await timed(request, context, next) { true }!
    }

    /// The same, once `letIn` (counted and timed with it) says the request may go in; nil if not.
    private func timed(
        _ request: Request, _ context: Context, _ next: (Request, Context) async throws -> Response,
        letIn: () async throws -> Bool
    ) async throws -> Response? {
        try await controller.gauge.counting {
            let start = ContinuousClock.now
            let deliberate = DeliberateTime()
            guard try await letIn() else { return nil }
            defer {
                controller.record(duration: (ContinuousClock.now - start).seconds - deliberate.seconds)
            }
            return try await DeliberateTime.$current.withValue(deliberate) { try await next(request, context) }
        }
    }

    /// Hands `visitor` a fresh admission ticket for `client`; `leavingLine` also ends the
    /// browser's place-in-line cookie, which has served its one use.
    private func admit(
        _ response: Response, visitor: String, client: String, now: Date, leavingLine: Bool = false
    ) -> Response {
        var response = response
        let token = tickets.admission(visitor: visitor, client: client, now: now)
        if isAPI {
            response.headers[HTTPField.Name(AdmissionTickets.admissionHeader)!] = token
        } else {
            response.setCookie(
                Cookie(
                    name: AdmissionTickets.admissionCookie, value: token,
                    maxAge: Int(AdmissionTickets.admissionLifetime), path: "/", secure: secureCookies, httpOnly: true,
                    sameSite: .lax))
            if leavingLine {
                response.setCookie(
                    Cookie(
                        name: AdmissionTickets.queueCookie, value: "", maxAge: 0, path: "/", secure: secureCookies,
                        httpOnly: true, sameSite: .lax))
            }
        }
        return response
    }

    private func waiting(
        ticket: Int64, position: Int64?, place: Int?, line: AdmissionLine, context: Context, now: Date,
        retry fixedRetry: Int? = nil, reusing unchangedToken: String? = nil, toldAtDoor: Bool = false
    ) -> Response {
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
        let locale = context.locale
        var response: Response
        if isAPI {
            let body = bodies.json(
                line: line, locale: locale, position: position, place: place,
                estimatedWaitSeconds: estimate.map { Int($0.rounded(.up)) }, ticket: token)
            response = JSONBody.response(json: body, status: .serviceUnavailable)
            response.headers[HTTPField.Name(AdmissionTickets.queueHeader)!] = token
        } else {
            let view = WaitingRoomView(
                line: line, position: position, place: place, estimate: estimate, openingInFuture: opening,
                refreshSeconds: retry)
            response = PageRenderer.shared.render(
                "waiting-room", titleKey: "waiting.title.\(line.rawValue)", context: context, strings: strings,
                values: view.values(strings: strings, locale: locale), status: .serviceUnavailable)
            response.setCookie(
                Cookie(
                    name: AdmissionTickets.queueCookie, value: token, maxAge: Int(AdmissionTickets.queueLifetime),
                    path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax))
        }
        response.headers[.retryAfter] = String(retry)
        return response
    }
}
