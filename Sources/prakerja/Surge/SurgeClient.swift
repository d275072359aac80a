import Application
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One simulated person's HTTP calls, as a well-behaved client makes them: through the waiting
/// room (waiting as `Retry-After` says, with the queue ticket), then with the admission ticket.
struct SurgeClient: Sendable {
    let http: HTTPClient
    let baseURL: String
    let timeout: TimeAmount

    struct Reply: Sendable {
        let status: UInt
        let body: Data
        let headers: HTTPHeaders

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    /// Per person: the tickets the waiting room handed out.
    final class Session: @unchecked Sendable {
        var queueTicket: String?
        var admissionTicket: String?
        var bearer: String?
    }

    func send(_ method: HTTPMethod, _ path: String, json: [String: Any]?, session: Session) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        }
        if let ticket = session.admissionTicket {
            request.headers.add(name: "X-Admission-Ticket", value: ticket)
        } else if let ticket = session.queueTicket {
            request.headers.add(name: "X-Queue-Ticket", value: ticket)
        }
        if let bearer = session.bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        let response = try await http.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: 1 << 20)
        if let admitted = response.headers.first(name: "X-Admission-Ticket") { session.admissionTicket = admitted }
        if let queued = response.headers.first(name: "X-Queue-Ticket") { session.queueTicket = queued }
        return Reply(status: response.status.code, body: Data(body.readableBytesView), headers: response.headers)
    }

    /// Sends a request, waiting in line as long as the waiting room says; records the outcome
    /// in `step` and returns the final reply (nil after a transport error).
    func call(
        _ method: HTTPMethod, _ path: String, json: [String: Any]?, session: Session, step: StepStatistics,
        maxWait: Double
    ) async -> Reply? {
        step.attempted()
        var firstQueued: ContinuousClock.Instant?
        while true {
            let start = ContinuousClock.now
            let reply: Reply
            do {
                reply = try await send(method, path, json: json, session: session)
            } catch {
                step.error(String(describing: error))
                return nil
            }
            let latency = (ContinuousClock.now - start).seconds
            if reply.status == 503, (reply.json["error"] as? [String: Any])?["code"] as? String == "waiting_room" {
                if firstQueued == nil {
                    firstQueued = start
                    step.queued()
                }
                let waited = (ContinuousClock.now - firstQueued!).seconds
                guard waited < maxWait else {
                    step.error("still queued after \(Int(waited)) s")
                    return nil
                }
                let retry = reply.headers.first(name: "Retry-After").flatMap(Double.init) ?? 5
                try? await Task.sleep(for: .seconds(retry))
                continue
            }
            if let firstQueued { step.waited((start - firstQueued).seconds) }
            switch reply.status {
            case 200..<300: step.accepted(latency: latency)
            case 400..<500: step.rejected(latency: latency)
            default: step.error("HTTP \(reply.status) \(path)")
            }
            return reply
        }
    }
}
