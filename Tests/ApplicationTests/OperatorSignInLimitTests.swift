import Application
import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// Guesses at an operator's password or code are limited per username under their own rule,
/// not counted as an applicant email's.
@Suite struct OperatorSignInLimitTests {
    @Test(arguments: TestEngine.allCases)
    func guessesAreCountedPerOperatorUnderTheirOwnRule(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            var limits = RateLimits()
            limits.secretChecksPerOperator = RateLimitRule(name: "secret_checks_per_operator", limit: 3, window: 900)
            let harness = Harness(database: database, limits: limits)
            _ = try await harness.operators.bootstrap(username: "kepala", password: "sandi-yang-panjang-sekali")
            for _ in 0..<3 {
                await #expect(throws: OperatorService.Failure.invalidCredentials) {
                    _ = try await harness.operators.verify(
                        username: "kepala", password: "salah-salah-salah", code: "000000", client: nil)
                }
            }
            let refused = await #expect(throws: RateLimited.self) {
                _ = try await harness.operators.verify(
                    username: "kepala", password: "salah-salah-salah", code: "000000", client: nil)
            }
            #expect(refused?.rule == "secret_checks_per_operator")
        }
    }
}
