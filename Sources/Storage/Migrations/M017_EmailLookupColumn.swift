import SQLKit

extension Migration {
    static let m017EmailLookupColumn = Migration(version: 17, name: "email column holds the lookup hash") {
        _ in
        [
            // One random-keyed unique index per account instead of two: the original unique
            // `email` column now holds the keyed hash, and the sealed address moves to
            // `email_sealed`. Rows from before migration 16 keep their address in `email` and no
            // `email_sealed` until `prakerja keys rotate`.
            "ALTER TABLE accounts ADD COLUMN email_sealed TEXT",
            "UPDATE accounts SET email_sealed = email, email = email_hash WHERE email_hash IS NOT NULL",
            "DROP INDEX accounts_by_email_hash",
            "ALTER TABLE accounts DROP COLUMN email_hash",
        ]
    }
}
