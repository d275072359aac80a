import SQLKit

extension Migration {
    static let m008Phones = Migration(version: 8, name: "phone verification and local SMS") { dialect in
        [
            // The phone a person is verifying, with the nonce their SMS code is derived from.
            // A verified number belongs to one account only.
            """
            CREATE TABLE phone_verifications (
                account_id TEXT PRIMARY KEY REFERENCES accounts (id),
                phone TEXT NOT NULL,
                phone_hash TEXT NOT NULL,
                code_nonce TEXT NOT NULL,
                code_issued_at BIGINT NOT NULL,
                code_attempts INTEGER NOT NULL DEFAULT 0,
                resend_count INTEGER NOT NULL DEFAULT 0,
                last_resend_at BIGINT,
                verified_at BIGINT
            )
            """,
            "CREATE UNIQUE INDEX verified_phones ON phone_verifications (phone_hash) WHERE verified_at IS NOT NULL",
            """
            CREATE TABLE dev_sms (
                id \(unsafeRaw: dialect.autoIncrementPrimaryKey),
                recipient TEXT NOT NULL,
                body TEXT NOT NULL,
                sent_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX dev_sms_by_recipient ON dev_sms (recipient, id)",
        ]
    }
}
