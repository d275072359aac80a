import Application
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import NIOCore

/// The waiting room's answers to the API requests that past capacity are most of all requests:
/// a newcomer to registration, and someone whose numbered place has not come yet. Worked out
/// from memory, they are written on the event loop by `AdmissionDoorHandler`, below the router:
/// through Hummingbird's task hand-off and middleware each cost as much as `/health`, so three
/// times capacity in arrivals took most of the machine just to be turned away.
///
/// An answer is the one `AdmissionMiddleware` would give, with the headers the router's
/// middleware would add (security headers, `X-Request-Id`, `Date`), logged and counted the same.
/// Whatever needs more goes on to the router: a session, a cookie, an admission ticket, a place
/// in line not yet numbered or whose turn has come, a query, a connection to close, a process
/// that must first reserve ticket numbers.
final class EarlyWaitingAnswers: Sendable {
    private let door: AdmissionDoor
    private let https: Bool
    private let logger: Logger
    private let dates = HTTPDateText()
    private let routes: [Route: Measured]

    /// The API routes a registering newcomer asks for, and the line each waits in.
    static let routes: [(method: HTTPRequest.Method, path: String)] = [
        (.post, "/api/v1/accounts"), (.post, "/api/v1/challenges"),
    ]

    private struct Route: Hashable {
        let method: HTTPRequest.Method
        let path: String
    }

    /// A route's line, and its request count and duration as `MetricsMiddleware` names them.
    fileprivate struct Measured: Sendable {
        let path: String
        let line: AdmissionLine
        let counter: Counter?
        let timer: Metrics.Timer?
    }

    init(door: AdmissionDoor, https: Bool, logger: Logger, recordsMetrics: Bool) {
        self.door = door
        self.https = https
        self.logger = logger
        var routes: [Route: Measured] = [:]
        for (method, path) in Self.routes {
            let dimensions = [
                ("http.route", path), ("http.request.method", method.rawValue), ("http.response.status_code", "503"),
            ]
            routes[Route(method: method, path: path)] = Measured(
                path: path, line: AdmissionLine(path: path) ?? .site,
                counter: recordsMetrics ? Counter(label: "hb.requests", dimensions: dimensions) : nil,
                timer: recordsMetrics
                    ? Metrics.Timer(
                        label: "http.server.request.duration", dimensions: dimensions, preferredDisplayUnit: .seconds)
                    : nil)
        }
        self.routes = routes
    }

    /// An answer the door gives now, ready to write.
    struct Answer {
        let head: HTTPResponse
        let body: ByteBuffer
        fileprivate let route: Measured
        let requestID: String
    }

    /// The answer to `request` if the door can give it without the router; nil otherwise.
    func answer(_ request: HTTPRequest) -> Answer? {
        guard let path = request.path, let route = routes[Route(method: request.method, path: path)] else {
            return nil
        }
        let fields = request.headerFields
        guard fields[.authorization] == nil, fields[.cookie] == nil,
            fields[HTTPField.Name(AdmissionTickets.admissionHeader)!] == nil, fields[.expect] == nil,
            !(fields[.connection]?.lowercased().contains("close") ?? false)
        else { return nil }
        let now = door.controller.clock.now()
        let notice: AdmissionDoor.Notice
        if let token = fields[HTTPField.Name(AdmissionTickets.queueHeader)!],
            let queued = door.tickets.queued(token, now: now)
        {
            guard let position = queued.position,
                let waiting = door.stillWaiting(
                    ticket: queued.ticket, position: position, token: queued.stillFresh(now: now) ? token : nil,
                    now: now)
            else { return nil }
            notice = waiting
        } else {
            guard door.controller.decide(now: now) == .queue,
                let ticket = door.controller.waitingRoom.joinWithoutWaiting(now: now)
            else { return nil }
            notice = door.newcomer(ticket: ticket, now: now)
        }
        let locale = AppLocale.negotiate(acceptLanguage: fields[.acceptLanguage])
        var (headers, body) = door.apiAnswer(notice, line: route.line, locale: locale)
        SecurityHeadersMiddleware.add(to: &headers, https: https)
        let requestID = RequestID().description
        headers[.init("X-Request-Id")!] = requestID
        headers[.date] = dates.text(for: now)
        headers[.contentLength] = String(body.readableBytes)
        return Answer(
            head: HTTPResponse(status: .serviceUnavailable, headerFields: headers), body: body, route: route,
            requestID: requestID)
    }

    /// Logs and counts an answer written `nanoseconds` after its request's head came.
    func record(_ answer: Answer, method: HTTPRequest.Method, nanoseconds: UInt64) {
        answer.route.counter?.increment()
        answer.route.timer?.recordNanoseconds(Int64(clamping: nanoseconds))
        logger.info(
            "request",
            metadata: [
                "hb.request.id": "\(answer.requestID)",
                "method": "\(method)",
                "route": "\(answer.route.path)",
                "status": "503",
                "duration_ms": "\(String(format: "%.2f", Double(nanoseconds) / 1e6))",
            ])
    }
}
