import Domain
import Foundation

/// Why an account request was refused. Each case has a stable code for the API and a string
/// table key for pages.
public enum AccountError: Error, Equatable, Sendable {
    case invalidEmail(EmailAddress.Invalid)
    case invalidPassword(PasswordPolicy.Violation)
    case invalidCode
    case codeExpired
    case tooManyAttempts
    case resendLimited(until: Date)
    case unauthenticated
    /// The current password given to change it is wrong.
    case wrongPassword
    /// Sign-in: no verified account has this email and password (one answer for both, so it
    /// says nothing about which addresses have accounts).
    case invalidCredentials

    public var code: String {
        switch self {
        case .invalidEmail: "invalid_email"
        case .invalidPassword(let violation):
            switch violation {
            case .tooShort: "password_too_short"
            case .tooLong: "password_too_long"
            case .sameAsEmail: "password_same_as_email"
            case .tooCommon: "password_too_common"
            case .sameAsUsername: "password_same_as_username"
            }
        case .invalidCode: "invalid_code"
        case .codeExpired: "code_expired"
        case .tooManyAttempts: "too_many_attempts"
        case .resendLimited: "resend_limited"
        case .unauthenticated: "unauthenticated"
        case .wrongPassword: "wrong_password"
        case .invalidCredentials: "invalid_credentials"
        }
    }

    /// The request field the error belongs to, for showing it beside that field.
    public var field: String? {
        switch self {
        case .invalidEmail: "email"
        case .invalidPassword: "password"
        case .invalidCode, .codeExpired, .tooManyAttempts: "code"
        case .wrongPassword: "current_password"
        case .invalidCredentials: "password"
        case .resendLimited, .unauthenticated: nil
        }
    }

    /// Key of the message in the string tables.
    public var messageKey: String { "error.\(code)" }
}
