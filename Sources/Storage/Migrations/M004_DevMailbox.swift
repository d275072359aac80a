import SQLKit

extension Migration {
    static let m004DevMailbox = Migration(version: 4, name: "local mailbox for development") { dialect in
        [
            """
            CREATE TABLE dev_mailbox (
                id \(unsafeRaw: dialect.autoIncrementPrimaryKey),
                recipient TEXT NOT NULL,
                subject TEXT NOT NULL,
                text_body TEXT NOT NULL,
                html_body TEXT NOT NULL,
                sent_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX dev_mailbox_by_recipient ON dev_mailbox (recipient, id)",
        ]
    }
}
