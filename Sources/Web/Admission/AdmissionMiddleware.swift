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
/// Most of the API's newcomers and people still waiting never reach it: `AdmissionDoorHandler`
/// gives them the same answer (`AdmissionDoor`) on the connection.
struct AdmissionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let door: AdmissionDoor
    let strings: StringTable
    let secureCookies: Bool
    /// Whether the group answers in JSON (tickets in headers) or with pages (tickets in cookies).
    let isAPI: Bool

    private var controller: AdmissionController { door.controller }
    private var tickets: AdmissionTickets { door.tickets }

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
                if let notice = door.stillWaiting(
                    ticket: ticket, position: position, token: queued.stillFresh(now: now) ? queueToken : nil, now: now)
                {
                    return waiting(notice, line: line, context: context)
                }
                // A turn that has come is taken when there is room now: people let in while
                // the line moved come back at their own times, and a crowd of them arriving
                // together waits a moment, first in line, rather than overloading the server.
                guard controller.opensTheDoor(firstTime: !queued.toldAtDoor) else {
                    let notice = door.notice(
                        ticket: ticket, position: position, place: 1, now: now,
                        retry: AdmissionPolicy.spread(controller.doorRetrySeconds, key: ticket), toldAtDoor: true)
                    return waiting(notice, line: line, context: context)
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
                return waiting(
                    door.notice(ticket: ticket, position: nil, place: nil, now: now), line: line, context: context)
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
            return waiting(door.newcomer(ticket: ticket, now: now), line: line, context: context)
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

    private func waiting(_ notice: AdmissionDoor.Notice, line: AdmissionLine, context: Context) -> Response {
        let locale = context.locale
        if isAPI {
            let (headers, body) = door.apiAnswer(notice, line: line, locale: locale)
            return Response(status: .serviceUnavailable, headers: headers, body: .init(byteBuffer: body))
        }
        let view = WaitingRoomView(
            line: line, position: notice.position, place: notice.place, estimate: notice.estimate,
            openingInFuture: notice.openingInFuture, refreshSeconds: notice.retrySeconds)
        var response = PageRenderer.shared.render(
            "waiting-room", titleKey: "waiting.title.\(line.rawValue)", context: context, strings: strings,
            values: view.values(strings: strings, locale: locale), status: .serviceUnavailable)
        response.setCookie(
            Cookie(
                name: AdmissionTickets.queueCookie, value: notice.token, maxAge: Int(AdmissionTickets.queueLifetime),
                path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax))
        response.headers[.retryAfter] = String(notice.retrySeconds)
        return response
    }
}
