import Domain
import Foundation
import SQLKit

/// An applicant account as stored.
public struct AccountRecord: Sendable, Equatable {
    public var id: String
    public var email: String
    public var locale: AppLocale
    public var stage: FunnelStage
    public var passwordHash: String?
    public var createdAt: Date
    public var emailVerifiedAt: Date?
    public var codeNonce: String
    public var code: CodeState

    public var isEmailVerified: Bool { emailVerifiedAt != nil }

    static let columns: SQLQueryString = """
        id, email, email_sealed, locale, stage, password_hash, created_at, email_verified_at,
        code_nonce, code_issued_at, code_attempts, resend_count, last_resend_at
        """

    init(row: any SQLRow, cipher: FieldCipher) throws {
        id = try row.decode(column: "id", as: String.self)
        // Accounts from before the address was sealed still hold it in `email`.
        email =
            try row.decode(column: "email_sealed", as: String?.self).map {
                try cipher.open($0, column: .accountEmail)
            } ?? row.decode(column: "email", as: String.self)
        locale = AppLocale(rawValue: try row.decode(column: "locale", as: String.self)) ?? .default
        stage = FunnelStage(rawValue: try row.decode(column: "stage", as: String.self)) ?? .registered
        passwordHash = try row.decode(column: "password_hash", as: String?.self)
        createdAt = Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self))
        emailVerifiedAt = try row.decode(column: "email_verified_at", as: Int64?.self).map(
            Date.init(millisecondsSince1970:))
        codeNonce = try row.decode(column: "code_nonce", as: String.self)
        code = CodeState(
            issuedAt: Date(millisecondsSince1970: try row.decode(column: "code_issued_at", as: Int64.self)),
            attempts: try row.decode(column: "code_attempts", as: Int.self),
            resendCount: try row.decode(column: "resend_count", as: Int.self),
            lastResendAt: try row.decode(column: "last_resend_at", as: Int64?.self).map(
                Date.init(millisecondsSince1970:)))
    }
}
