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

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if context.account != nil { return try await next(request, context) }
        guard let line = AdmissionLine(path: request.uri.path) else { return try await next(request, context) }
        let now = controller.clock.now()
        let client = tickets.clientTag(context.clientAddress)
        if let admitted = tickets.admitted(
            request.headers[HTTPField.Name(AdmissionTickets.admissionHeader)!]
                ?? request.cookies[AdmissionTickets.admissionCookie]?.value, client: client, now: now)
        {
            let response = try await timed(request, context, next)
            guard admitted.needsRenewal(now: now) else { return response }
            return admit(response, visitor: admitted.visitor, client: client, now: now)
        }
        let queueToken =
            request.headers[HTTPField.Name(AdmissionTickets.queueHeader)!]
            ?? request.cookies[AdmissionTickets.queueCookie]?.value
        if let queued = tickets.queued(queueToken, now: now) {
            let ticket = queued.ticket
            var (found, position) = (true, queued.position)
            if position == nil {
                (found, position) = try await controller.gauge.turningAway {
                    try await controller.waitingRoom.position(ticket: ticket)
                }
            }
            if found {
                let admittedThrough = controller.snapshot.state.admittedThrough
                // A place in line admits once: whoever comes with it again (or a copy of it)
                // is a newcomer.
                // A turn that has come is taken when there is room now: people let in while
                // the line moved come back at their own times, and a crowd of them arriving
                // together waits a moment, first in line, rather than overloading the server.
                if let position, position <= admittedThrough, !controller.hasRoom {
                    return waiting(
                        ticket: ticket, position: position, place: 1, line: line, context: context, now: now,
                        retry: AdmissionPolicy.firstRefreshSeconds)
                }
                if let position, position <= admittedThrough {
                    if try await controller.waitingRoom.admit(ticket: ticket, now: now) {
                        return admit(
                            try await timed(request, context, next), visitor: AdmissionTickets.newVisitor(),
                            client: client, now: now, leavingLine: true)
                    }
                } else {
                    return waiting(
                        ticket: ticket, position: position, place: position.map { Int($0 - admittedThrough) },
                        line: line, context: context, now: now)
                }
            }
        }
        switch controller.decide(now: now) {
        case .admit:
            // Admitted now means admitted while they go on: pages keep the ticket in a cookie,
            // API clients get it in a header to send back, so a line forming later never holds
            // them back halfway through registering.
            return admit(
                try await timed(request, context, next), visitor: AdmissionTickets.newVisitor(), client: client,
                now: now)
        case .queue:
            return try await controller.gauge.turningAway {
                let ticket = try await controller.waitingRoom.join(now: now)
                controller.noteJoined()
                return waiting(ticket: ticket, position: nil, place: nil, line: line, context: context, now: now)
            }
        }
    }

    /// Runs an admitted request and records how long it took, less the time it spent hashing
    /// passwords on purpose.
    private func timed(_ request: Request, _ context: Context, _ next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        let deliberate = DeliberateTime()
        defer {
            let elapsed = ContinuousClock.now - start
            controller.record(
                duration: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                    - deliberate.seconds)
        }
        return try await DeliberateTime.$current.withValue(deliberate) { try await next(request, context) }
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

    struct WaitingBody: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
        }
        struct Line: Encodable {
            /// Position in the whole line (fixed once assigned).
            let position: Int64?
            /// People ahead, plus one.
            let place: Int?
            let estimatedWaitSeconds: Int?
            let ticket: String
        }
        let error: Detail
        let waitingRoom: Line
    }

    private func waiting(
        ticket: Int64, position: Int64?, place: Int?, line: AdmissionLine, context: Context, now: Date,
        retry fixedRetry: Int? = nil
    ) -> Response {
        let token = tickets.queue(ticket: ticket, position: position, now: now)
        let estimate = place.flatMap { AdmissionPolicy.estimatedWait(place: $0, rate: controller.admissionRate) }
        let opening = controller.snapshot.openingInFuture(now: now)
        // Before a scheduled opening, come back when it opens; a newcomer not yet given a number
        // comes back in a moment, when the next pass of the line has numbered them.
        let untilOpening = controller.snapshot.state.openingAt.map { Double($0) - now.timeIntervalSince1970 }
        let retry =
            fixedRetry
            ?? (position == nil && !opening
                ? AdmissionPolicy.firstRefreshSeconds
                : estimate.map { AdmissionPolicy.refreshInterval(estimatedWait: $0) }
                    ?? AdmissionPolicy.refreshWhileStill(untilOpening: untilOpening))
        let locale = context.locale
        var response: Response
        if isAPI {
            let body = WaitingBody(
                error: .init(code: "waiting_room", message: strings.text("waiting.lead.\(line.rawValue)", locale)),
                waitingRoom: .init(
                    position: position, place: place, estimatedWaitSeconds: estimate.map { Int($0.rounded(.up)) },
                    ticket: token))
            response =
                (try? JSONBody.response(body, status: .serviceUnavailable)) ?? Response(status: .serviceUnavailable)
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
