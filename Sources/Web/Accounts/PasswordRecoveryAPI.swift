import Application
import Domain
import Foundation
import Hummingbird

/// `/api/v1/password-resets…`: a recovery code by email, then the code and a new password.
struct PasswordRecoveryAPI {
    let platform: Platform

    struct RequestInput: Codable {
        let email: String
    }

    struct ResetInput: Codable {
        let email: String
        let code: String
        let password: String
    }

    struct Status: Encodable {
        let status: String
    }

    func add(public router: some RouterMethods<AppRequestContext>) {
        let strings = platform.strings
        let accounts = platform.accounts

        // The same answer whether or not the address has an account.
        router.post("password-resets") { request, context in
            let input = try await JSONBody.decode(RequestInput.self, from: request, context: context, strings: strings)
            try await accounts.requestPasswordReset(email: input.email, client: context.clientAddress)
            return try JSONBody.response(Status(status: "sent_if_registered"), status: .accepted)
        }

        router.post("password-resets/complete") { request, context in
            let input = try await JSONBody.decode(ResetInput.self, from: request, context: context, strings: strings)
            try await accounts.resetPassword(
                email: input.email, code: input.code, newPassword: input.password, client: context.clientAddress)
            return try JSONBody.response(Status(status: "password_changed"))
        }
    }
}
