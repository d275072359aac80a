import Storage
import Synchronization

/// One process's newcomers to the line, numbered and not yet written. Numbers come from blocks
/// the process reserves in the line's shared state: a newcomer costs a lock in memory, and one
/// in `block` waits for a reservation. A newcomer is numbered and queued for writing in one
/// step, so ticket numbers follow the order the newcomers are written in.
final class Newcomers: Sendable {
    private struct State {
        var numbers: Range<Int64> = 0..<0
        var unwritten: [WaitingRoomStore.Joiner] = []
    }
    private let database: any DatabaseClient
    private let block: Int
    private let state = Mutex(State())
    /// One reservation at a time: those who find the block used up wait for the next one.
    private let reserving = AsyncMutex()

    init(database: any DatabaseClient, block: Int) {
        self.database = database
        self.block = block
    }

    /// Numbers a newcomer; returns their ticket.
    func join(arrivedAt: Int64) async throws -> Int64 {
        let randomKey = Int64.random(in: 0..<Int64.max)
        if let ticket = numbered(arrivedAt: arrivedAt, randomKey: randomKey) { return ticket }
        return try await reserving.withLock {
            if let ticket = numbered(arrivedAt: arrivedAt, randomKey: randomKey) { return ticket }
            let block = self.block
            let reserved = try await database.transaction {
                try await WaitingRoomStore($0).reserveTickets(count: block)
            }
            return numbered(arrivedAt: arrivedAt, randomKey: randomKey, reserved: reserved)!
        }
    }

    /// Numbers a newcomer from the block in hand; nil when it is used up (`join` reserves the next).
    func joinFromBlock(arrivedAt: Int64) -> Int64? {
        numbered(arrivedAt: arrivedAt, randomKey: Int64.random(in: 0..<Int64.max))
    }

    var count: Int { state.withLock { $0.unwritten.count } }

    /// Everyone not yet written, in the order they came; they are this caller's to write.
    func takeAll() -> [WaitingRoomStore.Joiner] {
        state.withLock { state in
            defer { state.unwritten = [] }
            return state.unwritten
        }
    }

    /// Newcomers whose write failed, to be written first at the next attempt.
    func putBack(_ joiners: [WaitingRoomStore.Joiner]) {
        state.withLock { $0.unwritten.insert(contentsOf: joiners, at: 0) }
    }

    /// The next number, queued for writing with the newcomer; nil when the block is used up.
    private func numbered(arrivedAt: Int64, randomKey: Int64, reserved: Range<Int64>? = nil) -> Int64? {
        state.withLock { state in
            if let reserved { state.numbers = reserved }
            guard let ticket = state.numbers.first else { return nil }
            state.numbers = state.numbers.dropFirst()
            state.unwritten.append(
                WaitingRoomStore.Joiner(ticket: ticket, arrivedAt: arrivedAt, randomKey: randomKey, position: nil))
            return ticket
        }
    }
}
