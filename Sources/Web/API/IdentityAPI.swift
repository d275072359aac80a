import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// `POST /api/v1/me/identity`: the profile with NIK and KK. Answers 202: the civil-registry
/// check runs in the background and its result shows in `GET /api/v1/me`.
struct IdentityAPI {
    let platform: Platform

    struct Submitted: Encodable {
        let status: String
        let warnings: [String: String]
    }

    func add(to router: some RouterMethods<AppRequestContext>) {
        let strings = platform.strings
        let identity = platform.identity
        router.post("me/identity") { request, context in
            try await AccountsAPI.handling(context) {
                guard let account = context.account else { throw AccountError.unauthenticated }
                let form = try await JSONBody.decode(
                    ProfileForm.self, from: request, context: context, strings: strings)
                do {
                    let warnings = try await identity.submit(accountID: account.id, form: form)
                    return try JSONBody.response(Submitted(status: "pending", warnings: warnings), status: .accepted)
                } catch let failure as IdentityService.Failure {
                    throw Self.apiError(failure, locale: context.locale, strings: strings)
                }
            }
        }
    }

    static func apiError(_ failure: IdentityService.Failure, locale: AppLocale, strings: StringTable) -> APIError {
        switch failure {
        case .invalid(let fields):
            APIError(
                status: .unprocessableContent, code: "invalid_profile",
                message: strings.text("error.invalid_profile", locale), fields: fields)
        case .emailNotVerified:
            APIError(
                status: .forbidden, code: "email_not_verified",
                message: strings.text("error.email_not_verified", locale))
        case .alreadySubmitted:
            APIError(
                status: .conflict, code: "already_submitted", message: strings.text("error.already_submitted", locale))
        case .nikClaimed:
            APIError(status: .conflict, code: "nik_claimed", message: strings.text("error.nik_claimed", locale))
        }
    }
}

/// Where the person's identity check stands, as `/api/v1/me` shows it.
struct IdentityView: Encodable {
    let status: String
    let reasons: [String]

    init(_ record: ProfileRecord) {
        status = record.status.rawValue
        reasons = record.reasons
    }
}
