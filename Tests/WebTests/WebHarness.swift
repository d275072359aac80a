import Application
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import TestSupport

@testable import Web

/// A router with the platform's contexts, for testing one piece of the web layer in-process.
enum WebHarness {
    static let strings = StringTable.bundled

    static func errors(_ database: any DatabaseClient, clock: any AppClock = SystemClock()) -> ErrorResponder {
        ErrorResponder(
            strings: strings,
            audit: AuditTrail(
                database: database, key: Array(repeating: 1, count: 32), clock: SystemClock(),
                index: BlindIndex(key: Array(repeating: 2, count: 32))),
            clock: clock)
    }

    /// Runs `test` against an application whose routes `build` declares.
    static func test(
        routes: (Router<AppRequestContext>) -> Void, test: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let router = Router(context: AppRequestContext.self)
        routes(router)
        try await Application(router: router).test(.router, test)
    }
}
