import Application
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// An SMS gateway over HTTP(S): `POST {url}` with `{"to", "text", "reference"}` as JSON and an
/// optional bearer token. Any 2xx is accepted; anything else throws so the outbox retries. The
/// reference is stable per message, so a gateway that deduplicates on it never sends twice.
public struct HTTPSMSGateway: SMSTransport {
    let url: String
    let token: String?
    let timeout: TimeAmount

    public init(url: String, token: String?, timeout: TimeAmount = .seconds(10)) {
        self.url = url
        self.token = token
        self.timeout = timeout
    }

    struct Body: Encodable {
        let to: String
        let text: String
        let reference: String
    }

    public struct Rejected: Error, CustomStringConvertible {
        public let status: UInt
        public var description: String { "the SMS gateway answered HTTP \(status)" }
    }

    public func send(_ message: OutgoingSMS) async throws {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let body = try JSONEncoder().encode(Body(to: message.to, text: message.text, reference: message.reference))
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        _ = try await response.body.collect(upTo: 64 * 1024)
        guard (200..<300).contains(response.status.code) else { throw Rejected(status: response.status.code) }
    }
}
