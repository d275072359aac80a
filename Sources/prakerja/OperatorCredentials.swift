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
            return try await platform.operators.verify(
                username: username, password: password, code: totp, client: nil, onTheServer: true)
        } catch OperatorService.Failure.invalidCredentials {
            throw Refused(description: "operator sign-in failed")
        }
    }

    /// Who runs the command: the signed-in operator, or in development without `--operator`
    /// the local developer.
    func principal(_ platform: Platform) async throws -> OperatorPrincipal {
        if let record = try await signIn(platform) { return .signedIn(record) }
        guard platform.configuration.environment == .development else {
            throw Refused(
                description:
                    "this command needs an operator: give --operator and --totp, and PRAKERJA_OPERATOR_PASSWORD")
        }
        return .localDeveloper
    }

    /// The audit actor, once the operator (if any) is signed in and allowed `permission`, for
    /// commands whose use case takes the actor rather than checking the permission itself.
    func actor(_ platform: Platform, _ permission: OperatorPermission, action: String) async throws -> AuditActor {
        try await refusingForbidden {
            try await platform.operators.authorize(principal(platform), permission, action: action)
        }
    }

    /// Runs a use case, turning its refusal into one line naming the permission.
    func refusingForbidden<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch OperatorService.Failure.forbidden(let permission) {
            throw Refused(description: "operator \(`operator` ?? "") may not do this (\(permission.rawValue))")
        }
    }
}
