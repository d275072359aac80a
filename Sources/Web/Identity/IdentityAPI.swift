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

    func add(signedIn router: some RouterMethods<SignedInRequestContext>) {
        let strings = platform.strings
        let identity = platform.identity
        router.post("me/identity") { request, context in
            let form = try await JSONBody.decode(
                ProfileForm.self, from: request, context: context, strings: strings)
            let warnings = try await identity.submit(
                accountID: context.account.id, form: form, client: context.clientAddress)
            return try JSONBody.response(Submitted(status: "pending", warnings: warnings), status: .accepted)
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
