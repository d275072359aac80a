import Application
import Domain
import Foundation
import SQLKit
import Storage
import TestSupport
import Testing

/// Registrations arriving at once share transactions; each still gets its own answer.
@Suite struct RegistrationBatchTests {
    @Test(arguments: TestEngine.allCases)
    func concurrentRegistrationsAreEachCountedOnceWithTheirOwnAnswer(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            var limits = RateLimits()
            limits.emailsPerEmail = RateLimitRule(name: limits.emailsPerEmail.name, limit: 3, window: 3600)
            let harness = Harness(database: database, limits: limits)
            let accounts = harness.accounts
            let proofOfWork = ProofOfWork(key: [UInt8](repeating: 6, count: 32))
            let challenge = proofOfWork.issue(bits: 1, now: harness.clock.now(), lifetime: 600)
            let proof = try proofOfWork.verify(
                challenge: challenge, nonce: ProofOfWork.solve(challenge), now: harness.clock.now())

            // 150 people, two of whom send the same solved challenge, and one address sent five
            // times (its limit is three).
            let outcomes = try await withThrowingTaskGroup(of: (String, String).self) { group in
                for number in 0..<150 {
                    group.addTask {
                        do {
                            try await accounts.register(
                                email: "orang\(number)@contoh.co.id", locale: .indonesian,
                                proof: number < 2 ? proof : nil)
                            return ("orang\(number)", "accepted")
                        } catch { return ("orang\(number)", "\(error)") }
                    }
                }
                for attempt in 0..<5 {
                    group.addTask {
                        do {
                            try await accounts.register(email: "sering@contoh.co.id", locale: .indonesian)
                            return ("sering\(attempt)", "accepted")
                        } catch is RateLimited { return ("sering\(attempt)", "limited") }
                    }
                }
                return try await group.reduce(into: [String: String]()) { $0[$1.0] = $1.1 }
            }
            let replayed = outcomes.values.filter { $0.contains("replayed") }.count
            #expect(replayed == 1)
            #expect(outcomes.filter { $0.key.hasPrefix("sering") && $0.value == "limited" }.count == 2)
            let expected = 150 - replayed + 1
            let (stored, queued) = try await database.read { connection in
                (
                    try await connection.sql.raw("SELECT COUNT(*) AS n FROM accounts").first()?.decode(
                        column: "n", as: Int.self),
                    try await connection.sql.raw("SELECT COUNT(*) AS n FROM outbox").first()?.decode(
                        column: "n", as: Int.self)
                )
            }
            #expect(stored == expected)
            // One verification email per new account, plus the resends to the known address.
            #expect(queued == expected + 2)
            #expect(try await harness.counts()[.registered] == expected)
        }
    }
}
