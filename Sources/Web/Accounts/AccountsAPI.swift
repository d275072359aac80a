import Application
import Domain
import Foundation
import Hummingbird
import Logging
import NIOCore
import Storage

/// `/api/v1/accounts…`: register, verify the email, resend the code.
struct AccountsAPI {
    let platform: Platform
    let issuer: ChallengeIssuer

    struct RegisterInput: Codable {
        /// `{seed, nonce}` (one request per registration) or `{challenge, nonce}`.
        struct Proof: Codable {
            let challenge: String?
            let seed: String?
            let nonce: String
        }
        let email: String
        let locale: String?
        let proofOfWork: Proof?
    }

    struct VerifyInput: Codable {
        let email: String
        let code: String
        let password: String
    }

    struct ResendInput: Codable {
        let email: String
    }

    struct Accepted: Encodable {
        let status: String
        let message: String
    }

    func add(public router: some RouterMethods<AppRequestContext>) {
        let strings = platform.strings
        let accounts = platform.accounts
        let proofOfWork = platform.proofOfWork
        let clock = platform.clock
        // The same answer to every registration in a language: encoded once.
        let pending = { @Sendable (locale: AppLocale) in
            Accepted(status: "pending_verification", message: strings.text("verify.lead", locale))
        }
        var pendingVerification: [AppLocale: ByteBuffer] = [:]
        for locale in AppLocale.allCases {
            pendingVerification[locale] = (try? JSONEncoder.api.encode(pending(locale))).map { ByteBuffer(bytes: $0) }
        }

        router.post("accounts") { [pendingVerification] request, context in
            let input = try await JSONBody.decode(
                RegisterInput.self, from: request, context: context, strings: strings)
            let locale = input.locale.flatMap(AppLocale.init(rawValue:)) ?? context.locale
            // A malformed address is refused before any proof of work is looked at.
            let email = try AccountService.parseEmail(input.email)
            let now = clock.now()
            let proof: ProofOfWork.Solved
            if let seed = input.proofOfWork?.seed {
                proof = try proofOfWork.verify(
                    seed: seed, email: input.email, nonce: input.proofOfWork?.nonce,
                    requiredBits: issuer.requiredBits(for: context.clientAddress, now: now), now: now,
                    period: issuer.policy.seedPeriod)
            } else {
                proof = try proofOfWork.verify(
                    challenge: input.proofOfWork?.challenge, nonce: input.proofOfWork?.nonce, now: now)
            }
            try await accounts.register(email: email, locale: locale, client: context.clientAddress, proof: proof)
            if let body = pendingVerification[locale] { return JSONBody.response(json: body, status: .accepted) }
            return try JSONBody.response(pending(locale), status: .accepted)
        }

        router.post("accounts/verify") { request, context in
            let input = try await JSONBody.decode(
                VerifyInput.self, from: request, context: context, strings: strings)
            let session = try await accounts.verifyEmail(
                email: input.email, code: input.code, password: input.password, client: context.clientAddress)
            return try JSONBody.response(SessionView(session))
        }

        router.post("accounts/resend") { request, context in
            let input = try await JSONBody.decode(
                ResendInput.self, from: request, context: context, strings: strings)
            try await accounts.resendCode(email: input.email, client: context.clientAddress)
            return try JSONBody.response(
                Accepted(status: "accepted", message: strings.text("verify.resent", context.locale)),
                status: .accepted)
        }
    }
}
