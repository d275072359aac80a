import Application
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import Web

/// Error answers of the API carry the same security headers as pages.
@Suite struct SecurityHeadersTests {
    @Test func anAPIRefusalCarriesTheSecurityHeaders() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let errors = WebHarness.errors(database)
            try await WebHarness.test(
                routes: { router in
                    router.add(middleware: SecurityHeadersMiddleware(https: true))
                    let api = router.group("api").add(middleware: ErrorMiddleware(answer: .api, errors: errors))
                    api.get("me") { _, _ -> Response in throw AccountError.unauthenticated }
                },
                test: { client in
                    try await client.execute(uri: "/api/me", method: .get) { response in
                        #expect(response.status == .unauthorized)
                        #expect(
                            response.headers[.contentSecurityPolicy] == SecurityHeadersMiddleware.contentSecurityPolicy)
                        #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                        #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                        #expect(response.headers[.strictTransportSecurity] != nil)
                    }
                })
        }
    }
}
