import Application
import Domain
import Foundation
import SQLKit
import Storage
import TestSupport
import Testing

/// Housekeeping forgets sessions and login challenges once they are past use.
@Suite struct ExpiredSessionsTests {
    func rows(_ table: String, _ database: any DatabaseClient) async throws -> Int {
        try await database.read {
            try await $0.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self)
        } ?? -1
    }

    @Test(arguments: TestEngine.allCases)
    func maintenancePurgesExpiredSessionsAndOldChallenges(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let harness = Harness(database: database)
            try await harness.accounts.register(email: "lama@contoh.id", locale: .indonesian)
            try await harness.deliver()
            let session = try await harness.accounts.verifyEmail(
                email: "lama@contoh.id", code: try harness.latestCode(to: "lama@contoh.id"),
                password: "kucing-hitam-9")
            _ = try await harness.accounts.startLogin(email: "lama@contoh.id", password: "kucing-hitam-9")
            _ = try await harness.operators.bootstrap(username: "kepala", password: "sandi-yang-panjang-sekali")

            // Still in use: nothing goes.
            await harness.services.maintenance()
            #expect(try await rows("sessions", database) == 1)
            #expect(try await rows("login_challenges", database) == 1)

            harness.clock.advance(by: 25 * 3600)
            await harness.services.maintenance()
            #expect(try await rows("sessions", database) == 0)
            #expect(try await rows("login_challenges", database) == 0)
            #expect(try await harness.accounts.account(forToken: session.token) == nil)
        }
    }
}
