import Application
import Domain
import Foundation
import SQLKit
import Storage
import TestSupport
import Testing

/// Per-identifier limits inside the use cases, on both engines.
@Suite struct RateLimiterTests {
    @Test(arguments: TestEngine.allCases)
    func eachIdentifierHasItsOwnCountAndWindow(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            var limits = RateLimits()
            limits.emailsPerEmail = RateLimitRule(name: limits.emailsPerEmail.name, limit: 2, window: 3600)
            limits.secretChecksPerAddress = RateLimitRule(
                name: limits.secretChecksPerAddress.name, limit: 2, window: 60)
            let harness = Harness(database: database, limits: limits)
            let accounts = harness.accounts
            try await accounts.register(email: "a@contoh.co.id", locale: .indonesian)
            try await accounts.register(email: "a@contoh.co.id", locale: .indonesian)
            await #expect(throws: RateLimited.self) {
                try await accounts.register(email: "a@contoh.co.id", locale: .indonesian)
            }
            try await accounts.register(email: "b@contoh.co.id", locale: .indonesian)

            // The address limit: two checks, then none until the window ends.
            // (Unknown addresses: each check answers `invalidCredentials` until the limit.)
            await #expect(throws: AccountError.invalidCredentials) {
                try await accounts.startLogin(email: "x@contoh.co.id", password: "p", client: "10.0.0.1")
            }
            await #expect(throws: AccountError.invalidCredentials) {
                try await accounts.startLogin(email: "y@contoh.co.id", password: "p", client: "10.0.0.1")
            }
            await #expect(throws: RateLimited.self) {
                try await accounts.startLogin(email: "z@contoh.co.id", password: "p", client: "10.0.0.1")
            }
            await #expect(throws: AccountError.invalidCredentials) {
                try await accounts.startLogin(email: "z@contoh.co.id", password: "p", client: "10.0.0.2")
            }
            harness.clock.advance(by: 60)
            await #expect(throws: AccountError.invalidCredentials) {
                try await accounts.startLogin(email: "z@contoh.co.id", password: "p", client: "10.0.0.1")
            }

            // Counters keep keyed hashes, never the address or email itself.
            let buckets = try await database.read {
                try await $0.sql.raw("SELECT bucket FROM rate_limit_hits").all().map {
                    try $0.decode(column: "bucket", as: String.self)
                }
            }
            #expect(!buckets.isEmpty)
            #expect(buckets.allSatisfy { !$0.contains("@") && !$0.contains("10.0.0") })

            // Windows long past are forgotten.
            try await harness.limiter.purge(now: harness.clock.now().addingTimeInterval(3 * 86_400), database: database)
            let left = try await database.read {
                try await $0.sql.raw("SELECT COUNT(*) AS n FROM rate_limit_hits").first()?.decode(
                    column: "n", as: Int.self)
            }
            #expect(left == 0)
        }
    }
}
