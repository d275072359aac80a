import Application
import ArgumentParser
import Domain
import Foundation
import Storage
import Web

/// Who runs a command that changes data. In production an operator signs in with password
/// (`PRAKERJA_OPERATOR_PASSWORD`, so it stays out of the shell history) and a TOTP code, and
/// their roles must allow the command; in development, without credentials, the command runs
/// as the local developer and is recorded as such.
struct OperatorCredentials: ParsableArguments {
    @Option(help: "Operator username (with PRAKERJA_OPERATOR_PASSWORD and --totp). Required in production.")
    var `operator`: String?

    @Option(help: "The operator's current authenticator code.")
    var totp: String?

    struct Refused: Error, CustomStringConvertible {
        let description: String
    }

    /// The operator named by `--operator`, signed in with password and code; nil without
    /// `--operator`.
    func signIn(_ platform: Platform) async throws -> OperatorRecord? {
        guard let username = `operator` else { return nil }
        guard let password = ProcessInfo.processInfo.environment["PRAKERJA_OPERATOR_PASSWORD"], let totp else {
            throw Refused(description: "--operator needs PRAKERJA_OPERATOR_PASSWORD and --totp")
        }
        do {
            return try await platform.operators.verify(username: username, password: password, code: totp, client: nil)
        } catch OperatorService.Failure.invalidCredentials {
            throw Refused(description: "operator sign-in failed")
        }
    }

    /// The audit actor, once the operator (if any) is signed in and allowed `permission`.
    func actor(_ platform: Platform, _ permission: OperatorPermission, action: String) async throws -> AuditActor {
        guard let record = try await signIn(platform) else {
            guard platform.configuration.environment == .development else {
                throw Refused(
                    description: "this command changes data: give --operator and --totp, and PRAKERJA_OPERATOR_PASSWORD"
                )
            }
            return .commandLine
        }
        do {
            try await platform.operators.authorize(record, permission, action: action)
            return .operator(record.id)
        } catch is OperatorService.Failure {
            throw Refused(description: "operator \(record.username) may not do this (\(permission.rawValue))")
        }
    }
}
