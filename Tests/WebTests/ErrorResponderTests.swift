import Application
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import TestSupport
import Testing

@testable import Web

/// A bug is a 500 with a request id; a database that cannot be reached is a 503 outage.
@Suite struct ErrorResponderTests {
    struct Bug: Error {}

    @Test func anUnknownErrorIsAnInternalErrorWithTheRequestID() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let errors = WebHarness.errors(database)
            try await WebHarness.test(
                routes: { router in
                    let api = router.group("api").add(middleware: ErrorMiddleware(answer: .api, errors: errors))
                    api.get("bug") { _, _ -> Response in throw Bug() }
                    api.get("outage") { _, _ -> Response in throw PostgresDatabaseClient.Unavailable() }
                    let pages = router.group("pages").add(middleware: ErrorMiddleware(answer: .pages, errors: errors))
                    pages.get("bug") { _, _ -> Response in throw Bug() }
                    pages.get("outage") { _, _ -> Response in throw PostgresDatabaseClient.Unavailable() }
                },
                test: { client in
                    try await client.execute(uri: "/api/bug", method: .get) { response in
                        #expect(response.status == .internalServerError)
                        #expect(response.headers[.retryAfter] == nil)
                        let body =
                            try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                            as? [String: Any]
                        let error = body?["error"] as? [String: Any]
                        #expect(error?["code"] as? String == "internal_error")
                        let requestID = try #require(error?["request_id"] as? String)
                        #expect(!requestID.isEmpty)
                        #expect((error?["message"] as? String)?.contains(requestID) == true)
                    }
                    try await client.execute(uri: "/api/outage", method: .get) { response in
                        #expect(response.status == .serviceUnavailable)
                        #expect(response.headers[.retryAfter] == "5")
                        let body =
                            try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                            as? [String: Any]
                        #expect((body?["error"] as? [String: Any])?["code"] as? String == "temporarily_unavailable")
                    }
                    try await client.execute(uri: "/pages/bug", method: .get) { response in
                        #expect(response.status == .internalServerError)
                    }
                    try await client.execute(uri: "/pages/outage", method: .get) { response in
                        #expect(response.status == .serviceUnavailable)
                        #expect(response.headers[.retryAfter] == "5")
                    }
                })
        }
    }
}

/// `Retry-After` counts from the injected clock, not the machine's.
@Suite struct RetryAfterTests {
    @Test func retryAfterIsReckonedOnTheInjectedClock() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let clock = TestClock()
            let errors = WebHarness.errors(database, clock: clock)
            let until = clock.now().addingTimeInterval(90)
            try await WebHarness.test(
                routes: { router in
                    let api = router.group("api").add(middleware: ErrorMiddleware(answer: .api, errors: errors))
                    api.get("limited") { _, _ -> Response in throw RateLimited(rule: "test", until: until) }
                    let pages = router.group("pages").add(middleware: ErrorMiddleware(answer: .pages, errors: errors))
                    pages.get("limited") { _, _ -> Response in throw RateLimited(rule: "test", until: until) }
                },
                test: { client in
                    for path in ["/api/limited", "/pages/limited"] {
                        try await client.execute(uri: path, method: .get) { response in
                            #expect(response.status == .tooManyRequests)
                            #expect(response.headers[.retryAfter] == "90")
                        }
                    }
                })
        }
    }
}
