import Application
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Storage
import TestSupport
import Testing

@testable import Web

/// The waiting room counts as load only the work it lets through: people it is turning away,
/// however many, are not load, so a surge of them cannot make the server look full by itself.
@Suite struct AdmissionMiddlewareTests {
    /// Lets the first request's handler go on once the test has seen the others turned away.
    final class Gate: Sendable {
        let opened: AsyncStream<Void>
        let open: AsyncStream<Void>.Continuation
        init() { (opened, open) = AsyncStream.makeStream() }
    }

    @Test func onlyAdmittedWorkIsLoad() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let gauge = LoadGauge()
            let controller = AdmissionController(
                policy: AdmissionPolicy(capacity: 1), gauge: gauge, waitingRoom: WaitingRoom(database: database),
                clock: SystemClock(), logger: Logger(label: "test"))
            let gate = Gate()
            try await WebHarness.test(
                routes: { router in
                    let api = router.group("api/v1").add(
                        middleware: AdmissionMiddleware(
                            door: AdmissionDoor(
                                controller: controller, tickets: AdmissionTickets(key: .init(repeating: 3, count: 32)),
                                strings: WebHarness.strings),
                            strings: WebHarness.strings, secureCookies: false, isAPI: true))
                    api.post("challenges") { _, _ -> String in
                        for await _ in gate.opened { break }
                        return "\(gauge.current)"
                    }
                    api.get("regions") { _, _ -> String in "\(gauge.current)" }
                },
                test: { client in
                    async let first = client.execute(uri: "/api/v1/challenges", method: .post) { response in
                        (response.status, String(buffer: response.body))
                    }
                    while gauge.current == 0 { try await Task.sleep(for: .milliseconds(5)) }
                    // The one request in flight fills a capacity of one: newcomers are turned away.
                    for _ in 0..<5 {
                        try await client.execute(uri: "/api/v1/challenges", method: .post) { response in
                            #expect(response.status == .serviceUnavailable)
                            #expect(response.headers[.retryAfter] != nil)
                        }
                        #expect(gauge.current == 1)
                    }
                    // A request that waits in no line is work, counted beside the first.
                    try await client.execute(uri: "/api/v1/regions", method: .get) { response in
                        #expect(String(buffer: response.body) == "2")
                    }
                    gate.open.yield()
                    let (status, seen) = try await first
                    #expect(status == .ok)
                    #expect(seen == "1", "the admitted request counts itself")
                    #expect(gauge.current == 0)
                }
            )
        }
    }
}
