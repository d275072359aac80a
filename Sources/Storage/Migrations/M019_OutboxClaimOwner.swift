import SQLKit

extension Migration {
    /// Which worker holds a claim, so a worker that restarts takes back its own claims at once
    /// instead of waiting out their lease.
    static let m019OutboxClaimOwner = Migration(version: 19, name: "outbox claim owner") { _ in
        [
            "ALTER TABLE outbox ADD COLUMN claimed_by TEXT",
            "CREATE INDEX outbox_by_claim_owner ON outbox (claimed_by) WHERE status = 'pending'",
        ]
    }
}
