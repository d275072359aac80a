import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing

@testable import Web

/// A connection is closed when it is too slow, at its deadline and not before, however often
/// its requests move the deadline.
@Suite struct ConnectionDeadlineHandlerTests {
    let loop = EmbeddedEventLoop()

    func connection(head: Int64 = 10, idle: Int64 = 30) throws -> EmbeddedChannel {
        var policy = ConnectionPolicy()
        policy.requestHeadTimeout = .seconds(head)
        policy.idleTimeout = .seconds(idle)
        let channel = EmbeddedChannel(
            handler: ConnectionDeadlineHandler(policy: policy, tracker: ConnectionTracker(cap: 10)), loop: loop)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    func request(_ channel: EmbeddedChannel) throws {
        try channel.writeInbound(
            HTTPRequestPart.head(HTTPRequest(method: .post, scheme: nil, authority: nil, path: "/")))
        try channel.writeInbound(HTTPRequestPart.end(nil))
    }

    func answer(_ channel: EmbeddedChannel) throws {
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .accepted)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
    }

    @Test func aConnectionThatSendsNothingIsClosedAtTheRequestTimeout() throws {
        let channel = try connection()
        loop.advanceTime(by: .milliseconds(9_999))
        #expect(channel.isActive)
        loop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive)
    }

    @Test func aRequestHeadWithoutItsEndIsClosedAtTheRequestTimeout() throws {
        let channel = try connection()
        loop.advanceTime(by: .seconds(4))
        try channel.writeInbound(
            HTTPRequestPart.head(HTTPRequest(method: .post, scheme: nil, authority: nil, path: "/")))
        loop.advanceTime(by: .milliseconds(9_999))
        #expect(channel.isActive, "the head started a new 10 s")
        loop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive)
    }

    @Test func aRequestBeingAnsweredIsNeverClosedThenTheIdleTimeoutRuns() throws {
        let channel = try connection()
        try request(channel)
        loop.advanceTime(by: .seconds(100))
        #expect(channel.isActive, "no deadline while the server answers")
        try answer(channel)
        loop.advanceTime(by: .milliseconds(29_999))
        #expect(channel.isActive)
        loop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive)
    }

    @Test func manyRequestsMoveTheDeadlineAndTheLastOneCounts() throws {
        let channel = try connection(head: 10, idle: 2)
        for _ in 0..<50 {
            try request(channel)
            try answer(channel)
            loop.advanceTime(by: .milliseconds(1_500))
        }
        #expect(channel.isActive, "each answer gave the connection 2 s more")
        loop.advanceTime(by: .milliseconds(499))
        #expect(channel.isActive)
        loop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive)
    }
}
