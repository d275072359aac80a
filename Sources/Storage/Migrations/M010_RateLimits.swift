import SQLKit

extension Migration {
    static let m010RateLimits = Migration(version: 10, name: "rate limit counters") { dialect in
        [
            // One counter per rule, subject (keyed hash) and fixed window, shared by every process.
            """
            CREATE TABLE rate_limit_hits (
                bucket TEXT NOT NULL,
                window_start BIGINT NOT NULL,
                hits INTEGER NOT NULL,
                PRIMARY KEY (bucket, window_start)
            )\(unsafeRaw: dialect.keyOnlyTableOptions)
            """,
            "CREATE INDEX rate_limit_hits_by_window ON rate_limit_hits (window_start)",
        ]
    }
}
