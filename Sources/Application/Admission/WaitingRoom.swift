import Domain
import Foundation
import Storage

/// The line of visitors waiting to be let in, kept in the database so every server process
/// shares one fair queue.
public struct WaitingRoom: Sendable {
    let database: any DatabaseClient

    public init(database: any DatabaseClient) {
        self.database = database
    }

    /// What a process needs to decide on new visitors without asking the database each time.
    public struct Snapshot: Sendable, Equatable {
        public var state: WaitingRoomState
        /// People in line not yet placed: waiting for the draw, or for the next pass.
        public var unplaced: Int

        public init(state: WaitingRoomState, unplaced: Int) {
            self.state = state
            self.unplaced = unplaced
        }

        public var peopleWaiting: Int { Int(state.placedWaiting) + unplaced }

        public func openingInFuture(now: Date) -> Bool {
            guard let opening = state.openingAt else { return false }
            return Double(opening) > now.timeIntervalSince1970
        }
    }

    public func join(now: Date) async throws -> Int64 {
        let arrived = Int64(now.timeIntervalSince1970)
        let key = Int64.random(in: 0..<Int64.max)
        return try await database.transaction {
            try await WaitingRoomStore($0).join(arrivedAt: arrived, randomKey: key)
        }
    }

    public func position(ticket: Int64) async throws -> (found: Bool, position: Int64?) {
        try await database.read { try await WaitingRoomStore($0).position(ticket: ticket) }
    }

    /// Reads the line without changing it.
    public func snapshot() async throws -> Snapshot {
        try await database.read { connection in
            let store = WaitingRoomStore(connection)
            let unplaced = try await store.unplaced(limit: 10_001).count
            return Snapshot(state: try await store.state(), unplaced: unplaced)
        }
    }

    /// Moves the line: places newcomers (after the opening, if one is scheduled; by a draw for
    /// those who came before a randomised opening) and lets in up to `admit` more people.
    public func advance(admit: Int, now: Date) async throws -> Snapshot {
        try await database.transaction { connection in
            let store = WaitingRoomStore(connection)
            var state = try await store.state(lock: true)
            let seconds = Int64(now.timeIntervalSince1970)
            let open = state.openingAt.map { seconds >= $0 } ?? true
            var unplaced = try await store.unplaced(limit: 10_000)
            if open && !unplaced.isEmpty {
                let ordered = LineOrder.order(unplaced, randomisedBefore: state.randomise ? state.openingAt : nil)
                let places = ordered.enumerated().map { (ticket: $1.id, position: state.nextPosition + Int64($0)) }
                try await store.place(places)
                state.nextPosition += Int64(places.count)
                unplaced = []
            }
            if open { state.admittedThrough = min(state.admittedThrough + Int64(admit), state.nextPosition - 1) }
            try await store.update(admittedThrough: state.admittedThrough, nextPosition: state.nextPosition, now: now)
            return Snapshot(state: state, unplaced: unplaced.count)
        }
    }

    /// Schedules (or clears, with nil) an opening time, with or without a draw for early comers.
    public func schedule(openingAt: Date?, randomise: Bool) async throws {
        let seconds = openingAt.map { Int64($0.timeIntervalSince1970) }
        try await database.transaction {
            try await WaitingRoomStore($0).schedule(openingAt: seconds, randomise: randomise)
        }
    }
}
