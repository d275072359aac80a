import SQLKit

extension Migration {
    static let m012WaitingRoom = Migration(version: 12, name: "waiting room") { dialect in
        [
            // One row per visitor queued; `position` is their place in the line once assigned
            // (arrival order, or a draw for those who came before a randomised opening).
            """
            CREATE TABLE waiting_room (
                id \(unsafeRaw: dialect.autoIncrementPrimaryKey),
                position BIGINT,
                random_key BIGINT NOT NULL,
                arrived_at BIGINT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX waiting_room_by_position ON waiting_room (position)",
            "CREATE INDEX waiting_room_unplaced ON waiting_room (id) WHERE position IS NULL",
            // The line's state, shared by every process: everyone placed up to
            // `admitted_through` may come in.
            """
            CREATE TABLE waiting_room_state (
                id INTEGER PRIMARY KEY,
                admitted_through BIGINT NOT NULL,
                next_position BIGINT NOT NULL,
                opening_at BIGINT,
                randomise BOOLEAN NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "INSERT INTO waiting_room_state VALUES (1, 0, 1, NULL, FALSE, 0)",
        ]
    }
}
