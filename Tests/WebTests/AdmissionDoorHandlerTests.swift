import Application
import Domain
import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Storage
import TestSupport
import Testing

@testable import Web

/// The API's newcomers to a full waiting room, and people whose place has not come, are
/// answered on the connection, below the router, with the answer the router would give; every
/// request the router must see reaches it, in order.
@Suite struct AdmissionDoorHandlerTests {
    static let key = [UInt8](repeating: 7, count: 32)
    let tickets = AdmissionTickets(key: Self.key)

    /// A door whose line is held until an opening ten minutes away; `reserved` numbers newcomers
    /// from a block of tickets this process already holds.
    func withDoor(reserved: Bool = true, _ body: (AdmissionController, EarlyWaitingAnswers) async throws -> Void)
        async throws
    {
        try await TestDatabase.with(.sqlite) { database in
            let room = WaitingRoom(database: database)
            let controller = AdmissionController(
                policy: AdmissionPolicy(), gauge: LoadGauge(), waitingRoom: room, clock: SystemClock(),
                logger: Logger(label: "test"))
            try await room.schedule(openingAt: Date().addingTimeInterval(600), randomise: false)
            await controller.step(now: Date())
            if reserved { _ = try await room.join(now: Date()) }
            let door = AdmissionDoor(controller: controller, tickets: tickets, strings: .bundled)
            try await body(
                controller,
                EarlyWaitingAnswers(door: door, https: true, logger: Logger(label: "test"), recordsMetrics: false))
        }
    }

    func connection(_ answers: EarlyWaitingAnswers) -> EmbeddedChannel {
        EmbeddedChannel(handler: AdmissionDoorHandler(answers: answers))
    }

    func request(
        _ method: HTTPRequest.Method = .post, _ path: String = "/api/v1/accounts", _ fields: HTTPFields = [:]
    ) -> HTTPRequest {
        var fields = fields
        fields[.contentType] = "application/json"
        return HTTPRequest(method: method, scheme: nil, authority: nil, path: path, headerFields: fields)
    }

    func send(_ request: HTTPRequest, body: String? = nil, on channel: EmbeddedChannel) throws {
        try channel.writeInbound(HTTPRequestPart.head(request))
        if let body { try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: body))) }
        try channel.writeInbound(HTTPRequestPart.end(nil))
    }

    /// The answer written on the connection, if any.
    func written(_ channel: EmbeddedChannel) throws -> (head: HTTPResponse, body: [String: Any])? {
        guard case .head(let head) = try channel.readOutbound(as: HTTPResponsePart.self) else { return nil }
        guard case .body(let buffer) = try channel.readOutbound(as: HTTPResponsePart.self),
            case .end = try channel.readOutbound(as: HTTPResponsePart.self)
        else {
            Issue.record("an answer without its body and end")
            return nil
        }
        #expect(head.headerFields[.contentLength] == String(buffer.readableBytes))
        let json = try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any]
        return (head, json ?? [:])
    }

    /// The request parts that went on to the router.
    func passedOn(_ channel: EmbeddedChannel) throws -> [HTTPRequestPart] {
        var parts: [HTTPRequestPart] = []
        while let part = try channel.readInbound(as: HTTPRequestPart.self) { parts.append(part) }
        return parts
    }

    @Test func aNewcomerIsToldToWaitWithEveryHeaderTheRouterWouldAdd() async throws {
        try await withDoor { controller, answers in
            let channel = connection(answers)
            let before = controller.waitingRoom.pendingJoins
            try send(
                request(.post, "/api/v1/accounts", [.acceptLanguage: "en-US,en;q=0.8"]), body: #"{"email":"a@b.id"}"#,
                on: channel)
            #expect(try passedOn(channel).isEmpty, "the router never saw it")
            let (head, json) = try #require(try written(channel))
            #expect(head.status == .serviceUnavailable)
            let fields = head.headerFields
            #expect(fields[.retryAfter].flatMap { Int($0) } != nil)
            #expect(fields[.contentType] == "application/json; charset=utf-8")
            #expect(fields[.cacheControl] == "no-store")
            #expect(fields[.contentSecurityPolicy] == SecurityHeadersMiddleware.contentSecurityPolicy)
            #expect(fields[.init("X-Content-Type-Options")!] == "nosniff")
            #expect(fields[.init("X-Frame-Options")!] == "DENY")
            #expect(fields[.init("Referrer-Policy")!] == "same-origin")
            #expect(fields[.strictTransportSecurity] != nil)
            #expect(fields[.init("X-Request-Id")!]?.count == 32)
            #expect(fields[.date]?.hasSuffix(" GMT") == true)
            let token = try #require(fields[.init(AdmissionTickets.queueHeader)!])
            let queued = try #require(tickets.queued(token, now: Date()))
            #expect(queued.position == nil, "a newcomer is numbered at the next pass")
            let error = try #require(json["error"] as? [String: Any])
            #expect(error["code"] as? String == "waiting_room")
            #expect(error["message"] as? String == StringTable.bundled.text("waiting.lead.registration", .english))
            #expect((json["waiting_room"] as? [String: Any])?["ticket"] as? String == token)
            #expect(controller.waitingRoom.pendingJoins == before + 1, "they joined the line")
        }
    }

    @Test func aPlaceNotYetReachedIsHandedBackUnchanged() async throws {
        try await withDoor { controller, answers in
            let channel = connection(answers)
            let through = controller.snapshot.state.admittedThrough
            let token = tickets.queue(ticket: 40, position: through + 12, now: Date())
            try send(request(.post, "/api/v1/challenges", [.init(AdmissionTickets.queueHeader)!: token]), on: channel)
            let (head, json) = try #require(try written(channel))
            #expect(head.headerFields[.init(AdmissionTickets.queueHeader)!] == token)
            let line = try #require(json["waiting_room"] as? [String: Any])
            #expect(line["position"] as? Int == Int(through + 12))
            #expect(line["place"] as? Int == 12)
            let reached = tickets.queue(ticket: 41, position: through, now: Date())
            try send(request(.post, "/api/v1/challenges", [.init(AdmissionTickets.queueHeader)!: reached]), on: channel)
            #expect(try passedOn(channel).count == 2, "a turn that has come is for the router's door")
        }
    }

    /// Each needs what only the router has: a session, a cookie, an admission, a lookup, a query,
    /// a route the door does not answer, a connection to close, or a reservation of numbers.
    @Test(arguments: [
        ("POST", "/api/v1/accounts", "Authorization", "Bearer abc"),
        ("POST", "/api/v1/accounts", "Cookie", "prakerja_lang=en"),
        ("POST", "/api/v1/accounts", AdmissionTickets.admissionHeader, "a2.x.y.1.z"),
        ("POST", "/api/v1/accounts", "Connection", "close"),
        ("POST", "/api/v1/accounts?lang=en", "Accept", "*/*"),
        ("POST", "/api/v1/accounts/", "Accept", "*/*"),
        ("GET", "/api/v1/accounts", "Accept", "*/*"),
        ("POST", "/api/v1/sessions", "Accept", "*/*"),
    ])
    func requestsTheRouterMustSeeGoOn(method: String, path: String, header: String, value: String) async throws {
        try await withDoor { _, answers in
            let channel = connection(answers)
            let fields: HTTPFields = [HTTPField.Name(header)!: value]
            try send(request(HTTPRequest.Method(method)!, path, fields), body: "{}", on: channel)
            #expect(try passedOn(channel).count == 3)
            #expect(try channel.readOutbound(as: HTTPResponsePart.self) == nil)
        }
    }

    @Test func aPlaceNotYetNumberedIsLookedUpByTheRouter() async throws {
        try await withDoor { _, answers in
            let channel = connection(answers)
            let token = tickets.queue(ticket: 40, position: nil, now: Date())
            try send(request(.post, "/api/v1/accounts", [.init(AdmissionTickets.queueHeader)!: token]), on: channel)
            #expect(try passedOn(channel).count == 2)
        }
    }

    @Test func withoutNumbersInHandTheRouterReservesThem() async throws {
        try await withDoor(reserved: false) { _, answers in
            let channel = connection(answers)
            try send(request(), on: channel)
            #expect(try passedOn(channel).count == 2)
        }
    }

    /// A client that sends its next request before the router has answered the last gets its
    /// answers in order: the door answers only when the router holds nothing on the connection.
    @Test func aPipelinedNewcomerWaitsForTheRouterToAnswerFirst() async throws {
        try await withDoor { _, answers in
            let channel = connection(answers)
            try send(request(.post, "/api/v1/accounts", [.authorization: "Bearer abc"]), on: channel)
            try send(request(), on: channel)
            #expect(try passedOn(channel).count == 4, "both went to the router")
            for _ in 0..<2 {
                try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .accepted)))
                try channel.writeOutbound(HTTPResponsePart.end(nil))
            }
            while try channel.readOutbound(as: HTTPResponsePart.self) != nil {}
            try send(request(), on: channel)
            #expect(try passedOn(channel).isEmpty)
            #expect(try written(channel)?.head.status == .serviceUnavailable)
        }
    }
}
