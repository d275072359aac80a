import SQLKit

extension Migration {
    /// Ticket numbers handed out in blocks: each process reserves a block with one write and
    /// numbers its newcomers from it in memory, so joining the line needs no database round trip.
    static let m028WaitingRoomTicketBlocks = Migration(version: 28, name: "waiting room ticket blocks") { _ in
        [
            "ALTER TABLE waiting_room_state ADD COLUMN next_ticket BIGINT NOT NULL DEFAULT 1",
            "UPDATE waiting_room_state SET next_ticket = COALESCE((SELECT MAX(id) FROM waiting_room), 0) + 1",
        ]
    }
}
