import Domain
import Foundation
import SQLKit

/// The phone number an account is verifying and where its SMS code stands.
public struct PhoneVerificationRecord: Sendable, Equatable {
    public var accountID: String
    /// E.164, as the code was sent to it.
    public var phone: String
    public var codeNonce: String
    public var code: CodeState
    public var verifiedAt: Date?

    public var isVerified: Bool { verifiedAt != nil }
}

public struct PhoneVerificationStore: Sendable {
    let connection: StorageConnection
    private var sql: any SQLDatabase { connection.sql }

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    /// The verified numbers (E.164) of the accounts with an entry in a wave, by account.
    public func verifiedPhones(ofEntrantsIn waveID: String) async throws -> [String: String] {
        var phones: [String: String] = [:]
        for row in try await sql.raw(
            """
            SELECT account_id, phone FROM phone_verifications
            WHERE verified_at IS NOT NULL
                AND account_id IN (SELECT account_id FROM wave_entries WHERE wave_id = \(bind: waveID))
            """
        ).all() {
            phones[try row.decode(column: "account_id", as: String.self)] = try connection.cipher.open(
                try row.decode(column: "phone", as: String.self), column: .phoneNumber)
        }
        return phones
    }

    public func find(accountID: String) async throws -> PhoneVerificationRecord? {
        guard
            let row = try await sql.raw(
                """
                SELECT account_id, phone, code_nonce, code_issued_at, code_attempts, resend_count, last_resend_at,
                       verified_at
                FROM phone_verifications WHERE account_id = \(bind: accountID)
                """
            ).first()
        else { return nil }
        let lastResend = try row.decode(column: "last_resend_at", as: Int64?.self)
        let verified = try row.decode(column: "verified_at", as: Int64?.self)
        return PhoneVerificationRecord(
            accountID: try row.decode(column: "account_id", as: String.self),
            phone: try connection.cipher.open(try row.decode(column: "phone", as: String.self), column: .phoneNumber),
            codeNonce: try row.decode(column: "code_nonce", as: String.self),
            code: CodeState(
                issuedAt: Date(millisecondsSince1970: try row.decode(column: "code_issued_at", as: Int64.self)),
                attempts: try row.decode(column: "code_attempts", as: Int.self),
                resendCount: try row.decode(column: "resend_count", as: Int.self),
                lastResendAt: lastResend.map(Date.init(millisecondsSince1970:))),
            verifiedAt: verified.map(Date.init(millisecondsSince1970:)))
    }

    /// Whether another account has verified this number.
    public func isVerifiedElsewhere(phoneHash: String, accountID: String) async throws -> Bool {
        try await sql.raw(
            """
            SELECT 1 AS taken FROM phone_verifications
            WHERE phone_hash = \(bind: phoneHash) AND verified_at IS NOT NULL AND account_id <> \(bind: accountID)
            """
        ).first() != nil
    }

    /// Starts (or restarts, for a new number) verification with a fresh code. The resend
    /// counters carry over, so changing the number does not reset the limit on messages.
    public func start(
        accountID: String, phone: String, phoneHash: String, nonce: String, resendCount: Int, now: Date
    ) async throws {
        let millis = now.millisecondsSince1970
        try await sql.raw(
            """
            INSERT INTO phone_verifications
                (account_id, phone, phone_hash, code_nonce, code_issued_at, resend_count, last_resend_at)
            VALUES (\(bind: accountID), \(bind: connection.cipher.seal(phone, column: .phoneNumber)), \(bind: phoneHash), \(bind: nonce), \(bind: millis),
                    \(bind: resendCount), \(bind: millis))
            ON CONFLICT (account_id) DO UPDATE SET
                phone = excluded.phone, phone_hash = excluded.phone_hash, code_nonce = excluded.code_nonce,
                code_issued_at = excluded.code_issued_at, code_attempts = 0,
                resend_count = excluded.resend_count, last_resend_at = excluded.last_resend_at
            """
        ).run()
    }

    /// Records a resend of the current code (same nonce) or of a new one.
    public func recordResend(accountID: String, newNonce: String?, resendCount: Int, now: Date) async throws {
        let millis = now.millisecondsSince1970
        let renew: SQLQueryString =
            newNonce.map { ", code_nonce = \(bind: $0), code_issued_at = \(bind: millis), code_attempts = 0" } ?? ""
        try await sql.raw(
            """
            UPDATE phone_verifications SET resend_count = \(bind: resendCount), last_resend_at = \(bind: millis)\(renew)
            WHERE account_id = \(bind: accountID)
            """
        ).run()
    }

    public func reserveCodeAttempt(accountID: String, nonce: String, maxAttempts: Int) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE phone_verifications SET code_attempts = code_attempts + 1
            WHERE account_id = \(bind: accountID) AND code_nonce = \(bind: nonce)
              AND code_attempts < \(bind: maxAttempts)
            RETURNING account_id
            """
        ).first() != nil
    }

    /// Marks the number verified if the code checked is still the current one.
    public func markVerified(accountID: String, nonce: String, now: Date) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE phone_verifications SET verified_at = \(bind: now.millisecondsSince1970)
            WHERE account_id = \(bind: accountID) AND code_nonce = \(bind: nonce) AND verified_at IS NULL
            RETURNING account_id
            """
        ).first() != nil
    }
}
