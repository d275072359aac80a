import Domain
import Foundation
import Storage

/// What the outbox keeps for one SMS code: the number, the language, and the nonce the code
/// is derived from. No code is stored.
public struct SMSRequest: Codable, Sendable, Equatable {
    public var to: String
    public var locale: AppLocale
    /// The account the code verifies a phone for.
    public var subject: String
    public var nonce: String
    /// A message other than a phone code: the string table key of its text, and its values
    /// (never a secret). Nil for a phone verification code.
    public var textKey: String?
    public var values: [String: String]?
    /// A message with a code other than the phone code (a purchase OTP): the code's purpose,
    /// derived again at delivery from `subject` and `nonce` into the `{code}` value.
    public var codePurpose: String?

    public static let outboxKind = "sms"

    public init(
        to: String, locale: AppLocale, subject: String, nonce: String, textKey: String? = nil,
        values: [String: String]? = nil, codePurpose: String? = nil
    ) {
        self.codePurpose = codePurpose
        self.to = to
        self.locale = locale
        self.subject = subject
        self.nonce = nonce
        self.textKey = textKey
        self.values = values
    }

    public func encoded() throws -> String {
        String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
    }
}

/// Delivers `sms` outbox messages: derives the code again and hands the text to the transport.
public struct SMSDelivery: OutboxHandler {
    let transport: any SMSTransport
    let codes: OneTimeCodes
    let strings: StringTable

    public init(transport: any SMSTransport, codes: OneTimeCodes, strings: StringTable) {
        self.transport = transport
        self.codes = codes
        self.strings = strings
    }

    public func handle(_ message: OutboxMessage) async throws {
        let request = try JSONDecoder().decode(SMSRequest.self, from: Data(message.payload.utf8))
        let text: String
        if let key = request.textKey {
            var values = request.values ?? [:]
            if let purpose = request.codePurpose {
                values["code"] = codes.code(purpose: purpose, subject: request.subject, nonce: request.nonce)
            }
            text = strings.text(key, request.locale, values)
        } else {
            let code = codes.code(
                purpose: CodePurpose.phoneVerification, subject: request.subject, nonce: request.nonce)
            text = strings.text("sms.phone_code", request.locale, ["code": code])
        }
        try await transport.send(OutgoingSMS(to: request.to, text: text, reference: "outbox-\(message.id)"))
    }
}
