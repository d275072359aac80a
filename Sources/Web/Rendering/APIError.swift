import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// An API error: a status, a stable code, a message in the caller's language and, for
/// validation errors, a code per field. Body: `{"error": {"code", "message", "fields"}}`.
struct APIError: HTTPResponseError {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    var fields: [String: String]? = nil
    var retryAfterSeconds: Int? = nil
    /// Set on internal errors, so a report can be matched with the log.
    var requestID: String? = nil

    var headers: HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        return headers
    }

    private struct Body: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
            let fields: [String: String]?
            let requestId: String?
        }
        let error: Detail
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONEncoder.api.encode(
            Body(error: .init(code: code, message: message, fields: fields, requestId: requestID)))
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The stable code for a use-case error, or nil for an error no use case defines (a bug or an
    /// outage, which `ErrorResponder` answers).
    static func from(_ error: any Error, locale: AppLocale, strings: StringTable, now: Date) -> APIError? {
        if let error = error as? APIError { return error }
        if let error = error as? AccountError {
            let message = strings.text(error.messageKey, locale, ["time": Self.timeText(error)])
            let fields = error.field.map { [$0: error.code] }
            switch error {
            case .invalidEmail, .invalidPassword:
                return APIError(status: .unprocessableContent, code: error.code, message: message, fields: fields)
            case .invalidCode, .codeExpired, .wrongPassword:
                return APIError(status: .badRequest, code: error.code, message: message, fields: fields)
            case .tooManyAttempts:
                return APIError(status: .tooManyRequests, code: error.code, message: message, fields: fields)
            case .resendLimited(let until):
                let seconds = max(1, Int(until.timeIntervalSince(now).rounded(.up)))
                return APIError(
                    status: .tooManyRequests, code: error.code, message: message, retryAfterSeconds: seconds)
            case .unauthenticated, .invalidCredentials:
                return APIError(status: .unauthorized, code: error.code, message: message)
            }
        }
        if let failure = error as? IdentityService.Failure {
            return identityError(failure, locale: locale, strings: strings)
        }
        if let failure = error as? ProofOfWork.Failure {
            var fields = ["proof_of_work": failure.code]
            // How many zero bits to solve for instead (the seed stays the same).
            if case .insufficient(let bits) = failure { fields["required_bits"] = String(bits) }
            return APIError(
                status: failure == .replayed ? .conflict : .badRequest, code: failure.code,
                message: strings.text("error.\(failure.code)", locale), fields: fields)
        }
        if let limited = error as? RateLimited {
            // A limit on one address, account or number is not "your network".
            let key = limited.rule.hasSuffix("_per_address") ? "error.rate_limited" : "error.rate_limited_subject"
            return APIError(
                status: .tooManyRequests, code: "rate_limited", message: strings.text(key, locale),
                retryAfterSeconds: limited.retryAfterSeconds(now: now))
        }
        if let failure = error as? OperatorService.Failure {
            let message = strings.text("error.\(failure.code)", locale)
            let status: HTTPResponse.Status =
                switch failure {
                case .invalidCredentials, .unauthenticated: .unauthorized
                case .accountThrottled: .tooManyRequests
                case .forbidden: .forbidden
                case .invalidUsername, .invalidPassword, .invalidRoles: .unprocessableContent
                case .usernameTaken, .bootstrapClosed: .conflict
                case .unknownOperator: .notFound
                }
            return APIError(status: status, code: failure.code, message: message)
        }
        if let failure = error as? BasicTestService.Failure {
            let message = strings.text("error.\(failure.code)", locale)
            let status: HTTPResponse.Status =
                switch failure {
                case .noSitting: .notFound
                case .notAllowed: .forbidden
                case .unknownQuestion, .invalidOption: .unprocessableContent
                case .alreadyPassed, .retakeNotYet: .conflict
                }
            return APIError(status: status, code: failure.code, message: message)
        }
        if let failure = error as? WaveService.Failure {
            let message = strings.text("error.\(failure.code)", locale)
            let status: HTTPResponse.Status =
                switch failure {
                case .unknownWave, .notJoined: .notFound
                case .notReady: .forbidden
                case .invalidQuota, .invalidTimes, .unknownScheme, .noPublicValue, .consentRequired:
                    .unprocessableContent
                default: .conflict
                }
            return APIError(status: status, code: failure.code, message: message)
        }
        if let refusal = error as? LedgerRefusal {
            let key: String =
                if case .idempotencyConflict = refusal { "error.idempotency_conflict" } else { "error.ledger_refused" }
            return APIError(status: .conflict, code: refusal.code, message: strings.text(key, locale))
        }
        if let marketplace = marketplaceError(error, locale: locale, strings: strings) { return marketplace }
        if let failure = error as? PhoneService.Failure {
            let message = strings.text("error.\(failure.code)", locale)
            return switch failure {
            case .invalidPhone:
                APIError(
                    status: .unprocessableContent, code: failure.code, message: message,
                    fields: ["phone": failure.code])
            case .identityNotVerified: APIError(status: .forbidden, code: failure.code, message: message)
            case .alreadyVerified, .phoneTaken, .noCodeSent:
                APIError(status: .conflict, code: failure.code, message: message)
            }
        }
        return nil
    }

    /// The marketplace's use-case errors: partners' signatures, the catalogue, purchases, redemptions.
    static func marketplaceError(_ error: any Error, locale: AppLocale, strings: StringTable) -> APIError? {
        func answer(_ status: HTTPResponse.Status, _ code: String, fields: [String: String]? = nil) -> APIError {
            APIError(status: status, code: code, message: strings.text("error.\(code)", locale), fields: fields)
        }
        if let failure = error as? PartnerAuthFailure {
            let status: HTTPResponse.Status =
                switch failure {
                case .partnerNotActive, .wrongPartnerKind: .forbidden
                default: .unauthorized
                }
            return answer(status, failure.code)
        }
        if let failure = error as? PartnerService.Failure {
            return switch failure {
            case .invalidApplication(let fields):
                answer(
                    .unprocessableContent, failure.code,
                    fields: Dictionary(uniqueKeysWithValues: fields.map { ($0, "invalid") }))
            case .reasonRequired: answer(.unprocessableContent, failure.code, fields: ["reason": "required"])
            case .unknownPartner: answer(.notFound, failure.code)
            case .wrongStatus: answer(.conflict, failure.code)
            }
        }
        if let failure = error as? CatalogueService.Failure {
            return switch failure {
            case .invalidCourse(let fields), .invalidSchedule(let fields):
                answer(
                    .unprocessableContent, failure.code,
                    fields: Dictionary(uniqueKeysWithValues: fields.map { ($0, "invalid") }))
            case .noteRequired: answer(.unprocessableContent, failure.code, fields: ["note": "required"])
            case .unknownProvider: answer(.unprocessableContent, failure.code, fields: ["provider_code": "unknown"])
            case .unknownCourse: answer(.notFound, failure.code)
            case .wrongStatus: answer(.conflict, failure.code)
            }
        }
        if let failure = error as? PurchaseService.Failure {
            return switch failure {
            case .refused(let refusals):
                // Every failed check is named; the message is the first one's.
                APIError(
                    status: .unprocessableContent, code: failure.code,
                    message: strings.text("error.\(refusals.first?.rawValue ?? failure.code)", locale),
                    fields: ["checks": refusals.map(\.rawValue).joined(separator: ",")])
            case .unknownCard, .unknownCourse, .unknownSchedule, .unknownPurchase: answer(.notFound, failure.code)
            case .invalidIdempotencyKey:
                answer(.unprocessableContent, failure.code, fields: ["Idempotency-Key": "required"])
            case .invalidOTP(let left):
                APIError(
                    status: .badRequest, code: failure.code,
                    message: strings.text("error.invalid_otp", locale, ["left": String(left)]),
                    fields: ["otp": "invalid"])
            case .otpLocked: answer(.tooManyRequests, failure.code)
            case .noVerifiedPhone: answer(.unprocessableContent, failure.code)
            case .idempotencyConflict, .notAwaitingOTP, .otpExpired, .notVoidable: answer(.conflict, failure.code)
            }
        }
        if let failure = error as? RedemptionService.Failure {
            return switch failure {
            case .unknownRedeemCode: answer(.notFound, failure.code)
            case .invalidAttendance:
                answer(.unprocessableContent, failure.code, fields: ["sequence": "invalid", "attended_at": "invalid"])
            case .invalidCompletion(let fields):
                answer(
                    .unprocessableContent, failure.code,
                    fields: Dictionary(uniqueKeysWithValues: fields.map { ($0, "invalid") }))
            case .alreadyRedeemed, .notRedeemable, .notRedeemed, .alreadyCompleted: answer(.conflict, failure.code)
            }
        }
        return nil
    }

    static func timeText(_ error: AccountError) -> String {
        guard case .resendLimited(let until) = error else { return "" }
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm"
        formatter.timeZone = TimeZone(identifier: "Asia/Jakarta")
        return formatter.string(from: until) + " WIB"
    }
}

extension JSONEncoder {
    static let api: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}

extension APIError {
    static func identityError(_ failure: IdentityService.Failure, locale: AppLocale, strings: StringTable) -> APIError {
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
