import Adapters
import Application
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization
import Testing

/// The HTTP SMS adapter against a small gateway served over real HTTP.
@Suite struct SMSGatewayHTTPTests {
    /// A gateway that keeps what it receives and answers with the status the test sets.
    final class Gateway: Sendable {
        let received = Mutex<[(body: [String: String], authorization: String?)]>([])
        let status = Mutex<HTTPResponse.Status>(.accepted)

        func run(_ body: @Sendable (String) async throws -> Void) async throws {
            let router = Router()
            router.post("/messages") { request, context -> Response in
                let bytes = try await request.body.collect(upTo: 4096)
                let decoded = try JSONDecoder().decode([String: String].self, from: Data(bytes.readableBytesView))
                self.received.withLock { $0.append((decoded, request.headers[.authorization])) }
                return Response(status: self.status.withLock { $0 })
            }
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            let app = Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
                logger: Logger(label: "sms-gateway"))
            // A server that fails to start, or never starts, ends the wait instead of hanging it.
            let server = Task {
                defer { continuation.finish() }
                try await app.runService()
            }
            let deadline = Task {
                try await Task.sleep(for: .seconds(30))
                continuation.finish()
            }
            defer {
                server.cancel()
                deadline.cancel()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw GatewayDidNotStart() }
            try await body("http://127.0.0.1:\(port)/messages")
        }
    }

    @Test func postsTheMessageWithTheTokenAndRefusesNon2xx() async throws {
        let gateway = Gateway()
        try await gateway.run { url in
            let transport = HTTPSMSGateway(url: url, token: "rahasia")
            try await transport.send(
                OutgoingSMS(to: "+6281234567890", text: "Kode verifikasi Prakerja: 123456", reference: "outbox-7"))
            let first = try #require(gateway.received.withLock { $0.first })
            #expect(
                first.body == [
                    "to": "+6281234567890", "text": "Kode verifikasi Prakerja: 123456", "reference": "outbox-7",
                ])
            #expect(first.authorization == "Bearer rahasia")

            // A gateway in trouble makes the send throw, so the outbox retries it later.
            gateway.status.withLock { $0 = .serviceUnavailable }
            await #expect(throws: HTTPSMSGateway.Rejected.self) {
                try await transport.send(OutgoingSMS(to: "+6281234567890", text: "x", reference: "outbox-8"))
            }
        }
    }

    @Test func anUnreachableGatewayThrows() async throws {
        let transport = HTTPSMSGateway(url: "http://127.0.0.1:1/messages", token: nil, timeout: .milliseconds(500))
        await #expect(throws: (any Error).self) {
            try await transport.send(OutgoingSMS(to: "+6281234567890", text: "x", reference: "r"))
        }
    }
}

struct GatewayDidNotStart: Error {}
