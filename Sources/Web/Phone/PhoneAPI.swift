import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// `POST /api/v1/me/phone` sends an SMS code to a number, `POST /api/v1/me/phone/resend` sends
/// it again, `POST /api/v1/me/phone/verify` checks it.
struct PhoneAPI {
    let platform: Platform

    struct PhoneInput: Codable {
        let phone: String
    }

    struct CodeInput: Codable {
        let code: String
    }

    struct Sent: Encodable {
        let phone: String
        let status: String
    }

    func add(signedIn router: some RouterMethods<SignedInRequestContext>) {
        let strings = platform.strings
        let phones = platform.phones

        router.post("me/phone") { request, context in
            let account = context.account
            let input = try await JSONBody.decode(PhoneInput.self, from: request, context: context, strings: strings)
            let phone = try await phones.start(accountID: account.id, phone: input.phone, client: context.clientAddress)
            return try JSONBody.response(Sent(phone: phone, status: "code_sent"), status: .accepted)
        }

        router.post("me/phone/resend") { _, context in
            let account = context.account
            try await phones.resend(accountID: account.id, client: context.clientAddress)
            let record = try await phones.status(accountID: account.id)
            return try JSONBody.response(Sent(phone: record?.phone ?? "", status: "code_sent"), status: .accepted)
        }

        router.post("me/phone/verify") { request, context in
            let account = context.account
            let input = try await JSONBody.decode(CodeInput.self, from: request, context: context, strings: strings)
            try await phones.verify(accountID: account.id, code: input.code, client: context.clientAddress)
            let record = try await phones.status(accountID: account.id)
            return try JSONBody.response(Sent(phone: record?.phone ?? "", status: "verified"))
        }
    }
}

/// The phone as `/api/v1/me` shows it.
struct PhoneView: Encodable {
    let number: String
    let verified: Bool

    init(_ record: PhoneVerificationRecord) {
        number = record.phone
        verified = record.isVerified
    }
}
