import SQLKit

extension Migration {
    static let m016SealedEmail = Migration(version: 16, name: "email sealed, found by keyed hash") { _ in
        [
            // The email column now holds the sealed address; uniqueness and lookups move to its
            // keyed hash. Accounts from before have no hash until `prakerja keys rotate` seals
            // them (and are found by their address in clear meanwhile).
            "ALTER TABLE accounts ADD COLUMN email_hash TEXT",
            "CREATE UNIQUE INDEX accounts_by_email_hash ON accounts (email_hash)",
            "DELETE FROM dev_mailbox",
            "DROP INDEX dev_mailbox_by_recipient",
            "ALTER TABLE dev_mailbox ADD COLUMN recipient_hash TEXT NOT NULL DEFAULT ''",
            "CREATE INDEX dev_mailbox_by_recipient ON dev_mailbox (recipient_hash, id)",
        ]
    }
}
