import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// `/api/v1/sessions…` and `/api/v1/me`: two-step login, logout, the signed-in account.
struct SessionsAPI {
    let platform: Platform

    struct LoginInput: Codable {
        let email: String
        let password: String
        let deviceToken: String?
    }

    struct PasswordInput: Codable {
        let currentPassword: String
        let password: String
    }

    struct LoginChallenge: Encodable {
        let challenge: String
        /// The account is under attack: this answer is the same whether the password was right.
        let guarded: Bool
    }

    struct CodeInput: Codable {
        let challenge: String
        let code: String
    }

    struct Me: Encodable {
        struct NextStep: Encodable {
            let key: String
            let text: String
        }
        let account: AccountView
        let stage: String
        let nextStep: NextStep
        let identity: IdentityView?
        let eligibility: EligibilityView?
        let phone: PhoneView?
    }

    func add(
        public router: some RouterMethods<AppRequestContext>, signedIn: some RouterMethods<SignedInRequestContext>
    ) {
        let strings = platform.strings
        let accounts = platform.accounts
        let dashboards = platform.services.dashboards

        router.post("sessions") { request, context in
            let input = try await JSONBody.decode(
                LoginInput.self, from: request, context: context, strings: strings)
            let start = try await accounts.startLogin(
                email: input.email, password: input.password, client: context.clientAddress,
                device: input.deviceToken)
            return try JSONBody.response(LoginChallenge(challenge: start.challenge, guarded: start.guarded))
        }

        router.post("sessions/verify") { request, context in
            let input = try await JSONBody.decode(CodeInput.self, from: request, context: context, strings: strings)
            let session = try await accounts.completeLogin(
                challenge: input.challenge, code: input.code, client: context.clientAddress)
            return try JSONBody.response(SessionView(session))
        }

        // Every session of the account ends, this one too; the answer carries the new one.
        signedIn.post("me/password") { request, context in
            let input = try await JSONBody.decode(PasswordInput.self, from: request, context: context, strings: strings)
            let session = try await accounts.changePassword(
                accountID: context.account.id, currentPassword: input.currentPassword, newPassword: input.password,
                client: context.clientAddress)
            return try JSONBody.response(SessionView(session))
        }

        signedIn.delete("sessions/current") { _, context in
            try await accounts.logout(token: context.sessionToken)
            return Response(status: .noContent)
        }

        signedIn.get("me") { _, context in
            let dashboard = try await dashboards.dashboard(for: context.account, sessionToken: context.sessionToken)
            let account = dashboard.account
            let key = "next.\(dashboard.next.code)"
            let text = DashboardView(dashboard: dashboard, strings: strings, locale: context.locale).next()["nextText"]
            return try JSONBody.response(
                Me(
                    account: AccountView(account), stage: account.stage.rawValue,
                    nextStep: .init(key: key, text: text as? String ?? ""),
                    identity: dashboard.profile.map(IdentityView.init),
                    eligibility: dashboard.eligibility.map {
                        EligibilityView($0, strings: strings, locale: context.locale)
                    },
                    phone: dashboard.phone.map(PhoneView.init)))
        }
    }
}
