import SQLKit

extension Migration {
    /// When each place in line was used to let someone in: a place admits once.
    static let m021WaitingRoomAdmittedOnce = Migration(version: 21, name: "a place in line admits once") { _ in
        ["ALTER TABLE waiting_room ADD COLUMN admitted_at BIGINT"]
    }
}
