import SQLKit

extension Migration {
    static let m013SealedSMSBox = Migration(version: 13, name: "local SMS box looked up by keyed hash") { _ in
        [
            // The recipient is now sealed like every phone number; lookups go by keyed hash.
            "DELETE FROM dev_sms",
            "DROP INDEX dev_sms_by_recipient",
            "ALTER TABLE dev_sms ADD COLUMN recipient_hash TEXT NOT NULL DEFAULT ''",
            "CREATE INDEX dev_sms_by_recipient ON dev_sms (recipient_hash, id)",
        ]
    }
}
