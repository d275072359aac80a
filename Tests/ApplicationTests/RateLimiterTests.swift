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

    /// A registration writes no counter row: its email's first count is its account, and its
    /// address is counted in memory until it has used a quarter of its limit; from then on
    /// the address's window is in the database with every hit counted, the earlier ones too.
    @Test(arguments: TestEngine.allCases)
    func registrationsWriteCountersOnlyForAddressesNearTheirLimit(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            var limits = RateLimits()
            limits.emailsPerAddress = RateLimitRule(name: limits.emailsPerAddress.name, limit: 8, window: 60)
            let harness = Harness(database: database, limits: limits)
            for number in 0..<20 {
                try await harness.accounts.register(
                    email: "warga\(number)@contoh.co.id", locale: .indonesian, client: "10.1.0.\(number)")
            }
            #expect(try await Self.counterRows(database).isEmpty)

            // One busy address (limit 8, so counted in memory up to 2): the third registration
            // writes the window's count, 3, and the ninth is refused.
            for number in 0..<2 {
                try await harness.accounts.register(
                    email: "ramai\(number)@contoh.co.id", locale: .indonesian, client: "10.2.0.1")
            }
            #expect(try await Self.counterRows(database).isEmpty)
            try await harness.accounts.register(email: "ramai2@contoh.co.id", locale: .indonesian, client: "10.2.0.1")
            #expect(try await Self.counterRows(database) == [3])
            for number in 3..<8 {
                try await harness.accounts.register(
                    email: "ramai\(number)@contoh.co.id", locale: .indonesian, client: "10.2.0.1")
            }
            await #expect(throws: RateLimited.self) {
                try await harness.accounts.register(
                    email: "ramai8@contoh.co.id", locale: .indonesian, client: "10.2.0.1")
            }
            #expect(try await Self.counterRows(database) == [9])
            harness.clock.advance(by: 60)
            try await harness.accounts.register(email: "ramai8@contoh.co.id", locale: .indonesian, client: "10.2.0.1")
        }
    }

    /// A known address's per-email count includes its registration, though no counter row was
    /// written for it: six emails per window, the registration being the first.
    @Test(arguments: TestEngine.allCases)
    func theAccountCountsAsItsAddressFirstEmail(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            let email = "sekali@contoh.co.id"
            try await harness.accounts.register(email: email, locale: .indonesian)
            #expect(try await Self.counterRows(database).isEmpty)
            for _ in 0..<5 { try await harness.accounts.register(email: email, locale: .indonesian) }
            #expect(try await Self.counterRows(database) == [5])
            await #expect(throws: RateLimited.self) {
                try await harness.accounts.register(email: email, locale: .indonesian)
            }
        }
    }

    static func counterRows(_ database: any DatabaseClient) async throws -> [Int] {
        try await database.read {
            try await $0.sql.raw("SELECT hits FROM rate_limit_hits ORDER BY hits").all().map {
                try $0.decode(column: "hits", as: Int.self)
            }
        }
    }
}
