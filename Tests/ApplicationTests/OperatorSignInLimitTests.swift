import Application
import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// Guesses at an operator's password or code are counted per username under their own rule;
/// past the limit only a device that signed in as that operator before may try, so the
/// operator's own browser is never locked out.
@Suite struct OperatorSignInLimitTests {
    @Test(arguments: TestEngine.allCases)
    func guessesStopNewDevicesButNotTheOperatorsOwn(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            var limits = RateLimits()
            limits.secretChecksPerOperator = RateLimitRule(name: "secret_checks_per_operator", limit: 3, window: 900)
            let harness = Harness(database: database, limits: limits)
            let created = try await harness.operators.bootstrap(
                username: "kepala", password: "sandi-yang-panjang-sekali")
            let totp = TOTP(secret: try #require(TOTPSecret.bytes(created.totpSecret)))
            var at = harness.clock.now()
            let earlier = try await harness.operators.login(
                username: "kepala", password: "sandi-yang-panjang-sekali", code: totp.code(at: at), client: nil)
            for _ in 0..<3 {
                await #expect(throws: OperatorService.Failure.invalidCredentials) {
                    _ = try await harness.operators.verify(
                        username: "kepala", password: "salah-salah-salah", code: "000000", client: "10.7.0.1")
                }
            }
            harness.clock.advance(by: 30)
            at = harness.clock.now()
            await #expect(throws: OperatorService.Failure.accountThrottled) {
                _ = try await harness.operators.verify(
                    username: "kepala", password: "sandi-yang-panjang-sekali", code: totp.code(at: at), client: nil)
            }
            let again = try await harness.operators.verify(
                username: "kepala", password: "sandi-yang-panjang-sekali", code: totp.code(at: at), client: nil,
                device: earlier.deviceToken)
            #expect(again.id == created.id)
        }
    }
}
