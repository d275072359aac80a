import Domain
import Foundation
import SQLKit

/// Queries on applicant accounts. All writes are meant to run inside a transaction.
public struct AccountStore: Sendable {
    let connection: StorageConnection
    private var sql: any SQLDatabase { connection.sql }

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    /// A pending account ready to insert, its email already sealed and hashed: made wherever is
    /// convenient (the registration batcher makes them on each request's own task, so its one
    /// writer only binds and writes), and only through the cipher, so nothing goes in clear.
    public struct Pending: Sendable {
        public let id: String
        let emailHash: String
        let emailSealed: String
        let locale: AppLocale
        let codeNonce: String
        let createdAt: Date

        public init(
            id: String, email: EmailAddress, locale: AppLocale, codeNonce: String, createdAt: Date, cipher: FieldCipher
        ) {
            self.id = id
            self.createdAt = createdAt
            emailHash = cipher.lookupHash(email.lookupForm, column: .accountEmail)
            emailSealed = cipher.seal(email.value, column: .accountEmail)
            self.locale = locale
            self.codeNonce = codeNonce
        }
    }

    /// Inserts a pending account unless the email is taken; true when inserted.
    public func insertPending(
        id: String, email: EmailAddress, locale: AppLocale, codeNonce: String, now: Date
    ) async throws -> Bool {
        let account = Pending(
            id: id, email: email, locale: locale, codeNonce: codeNonce, createdAt: now, cipher: connection.cipher)
        return try await insertPending([account]).contains(id)
    }

    /// Inserts several pending accounts with one statement; returns the ids inserted (the
    /// others' emails were taken, by an earlier account or an earlier row of the same call).
    public func insertPending(_ accounts: [Pending]) async throws -> Set<String> {
        guard !accounts.isEmpty else { return [] }
        let stage = FunnelStage.registered.rawValue
        let rows = SQLList(
            accounts.map {
                let millis = $0.createdAt.millisecondsSince1970
                return SQLQueryString(
                    "(\(bind: $0.id), \(bind: $0.emailHash), \(bind: $0.emailSealed), \(bind: $0.locale.rawValue), \(bind: stage), \(bind: millis), \(bind: $0.codeNonce), \(bind: millis))"
                )
            })
        let inserted = try await sql.raw(
            """
            INSERT INTO accounts (id, email, email_sealed, locale, stage, created_at, code_nonce, code_issued_at)
            VALUES \(rows)
            ON CONFLICT (email) DO NOTHING
            RETURNING id
            """
        ).all()
        return Set(try inserted.map { try $0.decode(column: "id", as: String.self) })
    }

    public func count(createdSince start: Date) async throws -> Int {
        try await sql.raw(
            "SELECT COUNT(*) AS n FROM accounts WHERE created_at >= \(bind: start.millisecondsSince1970)"
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// By the keyed hash of the address's lookup form, which the unique `email` column holds.
    /// Also found: an account kept under the hash of its address as typed (one of a pair
    /// migration 20 could not fold, preferred when typed exactly so), and one from before the
    /// email was sealed, under its address in clear (an address has an `@`, a hash never does).
    public func find(email: EmailAddress) async throws -> AccountRecord? {
        let folded = connection.cipher.lookupHash(email.lookupForm, column: .accountEmail)
        let typed = connection.cipher.lookupHash(email.value, column: .accountEmail)
        return try await sql.raw(
            """
            SELECT \(AccountRecord.columns) FROM accounts
            WHERE email IN (\(bind: folded), \(bind: typed), \(bind: email.value))
            ORDER BY CASE WHEN email = \(bind: folded) THEN 1 ELSE 0 END LIMIT 1
            """
        ).first().map { try AccountRecord(row: $0, cipher: connection.cipher) }
    }

    /// The accounts with an entry in a wave.
    public func entrants(waveID: String) async throws -> [AccountRecord] {
        try await sql.raw(
            """
            SELECT \(AccountRecord.columns) FROM accounts
            WHERE id IN (SELECT account_id FROM wave_entries WHERE wave_id = \(bind: waveID))
            """
        ).all().map { try AccountRecord(row: $0, cipher: connection.cipher) }
    }

    /// Moves each of `ids` still at `from` to `to`, 1,000 per statement; how many moved.
    public func advanceStage(ids: [String], from: FunnelStage, to: FunnelStage) async throws -> Int {
        var moved = 0
        for start in stride(from: 0, to: ids.count, by: 1_000) {
            let chunk = SQLList(ids[start..<min(start + 1_000, ids.count)].map { SQLBind($0) })
            moved += try await sql.raw(
                """
                UPDATE accounts SET stage = \(bind: to.rawValue)
                WHERE stage = \(bind: from.rawValue) AND id IN (\(chunk))
                RETURNING id
                """
            ).all().count
        }
        return moved
    }

    public func find(id: String) async throws -> AccountRecord? {
        try await sql.raw("SELECT \(AccountRecord.columns) FROM accounts WHERE id = \(bind: id)")
            .first().map { try AccountRecord(row: $0, cipher: connection.cipher) }
    }

    /// Counts one guess against the current code, atomically; false when none are left.
    public func reserveCodeAttempt(id: String, nonce: String, maxAttempts: Int) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE accounts SET code_attempts = code_attempts + 1
            WHERE id = \(bind: id) AND code_nonce = \(bind: nonce) AND code_attempts < \(bind: maxAttempts)
            RETURNING id
            """
        ).first() != nil
    }

    /// Marks the email verified and sets the password, if the code it was checked against is
    /// still the current one; false when another request got there first.
    public func markEmailVerified(id: String, nonce: String, passwordHash: String, now: Date) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE accounts
            SET email_verified_at = \(bind: now.millisecondsSince1970), password_hash = \(bind: passwordHash),
                stage = \(bind: FunnelStage.emailVerified.rawValue)
            WHERE id = \(bind: id) AND code_nonce = \(bind: nonce) AND email_verified_at IS NULL
            RETURNING id
            """
        ).first() != nil
    }

    /// Replaces the password of a verified account, if it still has the hash that was checked.
    public func replacePassword(id: String, expectedHash: String, newHash: String) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE accounts SET password_hash = \(bind: newHash)
            WHERE id = \(bind: id) AND password_hash = \(bind: expectedHash)
            RETURNING id
            """
        ).first() != nil
    }

    /// Records a resend; with a new nonce the code changes and its attempts start again.
    public func recordResend(id: String, newNonce: String?, resendCount: Int, now: Date) async throws {
        let millis = now.millisecondsSince1970
        if let newNonce {
            try await sql.raw(
                """
                UPDATE accounts
                SET code_nonce = \(bind: newNonce), code_issued_at = \(bind: millis), code_attempts = 0,
                    resend_count = \(bind: resendCount), last_resend_at = \(bind: millis)
                WHERE id = \(bind: id)
                """
            ).run()
        } else {
            try await sql.raw(
                """
                UPDATE accounts SET resend_count = \(bind: resendCount), last_resend_at = \(bind: millis)
                WHERE id = \(bind: id)
                """
            ).run()
        }
    }

    /// Moves an account from one funnel stage to the next; false if it was not at `from`.
    public func advanceStage(id: String, from: FunnelStage, to: FunnelStage) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE accounts SET stage = \(bind: to.rawValue)
            WHERE id = \(bind: id) AND stage = \(bind: from.rawValue)
            RETURNING id
            """
        ).first() != nil
    }
}
