import Domain
import Foundation
import Storage

/// The line of visitors waiting to be let in, kept in the database so every server process
/// shares one fair queue.
public struct WaitingRoom: Sendable {
    let database: any DatabaseClient
    private let joins: SerialBatches<Joining>
    private let admissions: SerialBatches<Admitting>

    /// A visitor waiting for their batch of joins to be written.
    private struct Joining: Sendable {
        let arrivedAt: Int64
        let randomKey: Int64
        let continuation: CheckedContinuation<Int64, any Error>
    }

    public init(database: any DatabaseClient) {
        self.database = database
        joins = SerialBatches(maximum: 512) { batch in await Self.write(batch, database: database) }
        admissions = SerialBatches(maximum: 512) { batch in await Self.write(batch, database: database) }
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

    /// Newcomers who arrive together are written together, one statement and one commit per
    /// batch: past capacity everyone new joins the line, so joining must stay cheaper than
    /// what the line protects.
    public func join(now: Date) async throws -> Int64 {
        let arrived = Int64(now.timeIntervalSince1970)
        while true {
            let key = Int64.random(in: 0..<Int64.max)
            do {
                return try await withCheckedThrowingContinuation { continuation in
                    joins.submit(Joining(arrivedAt: arrived, randomKey: key, continuation: continuation))
                }
            } catch is KeyTaken {
                continue
            }
        }
    }

    private static func write(_ all: [Joining], database: any DatabaseClient) async {
        var keys = Set<Int64>()
        var batch: [Joining] = []
        for joining in all {
            if keys.insert(joining.randomKey).inserted {
                batch.append(joining)
            } else {
                joining.continuation.resume(throwing: KeyTaken())
            }
        }
        do {
            let visitors = batch.map { (arrivedAt: $0.arrivedAt, randomKey: $0.randomKey) }
            let tickets = try await database.transaction { connection in
                try await WaitingRoomStore(connection).join(visitors)
            }
            for joining in batch {
                if let ticket = tickets[joining.randomKey] {
                    joining.continuation.resume(returning: ticket)
                } else {
                    joining.continuation.resume(throwing: MissingTicket())
                }
            }
        } catch {
            for joining in batch { joining.continuation.resume(throwing: error) }
        }
    }

    /// Someone whose turn has come, waiting for their batch of admissions to be written.
    private struct Admitting: Sendable {
        let ticket: Int64
        let now: Date
        let continuation: CheckedContinuation<Bool, any Error>
    }

    /// Past capacity the line lets in as many people a second as registrations go through,
    /// so their places are used up together, one statement and one commit per batch, like
    /// the joins; a commit each would make the line the bottleneck.
    private static func write(_ batch: [Admitting], database: any DatabaseClient) async {
        // Each admission carries the injected clock's time; the batch is stamped with its latest.
        guard let now = batch.map(\.now).max() else { return }
        do {
            let newlyAdmitted = try await database.transaction { connection in
                try await WaitingRoomStore(connection).markAdmitted(tickets: batch.map(\.ticket), now: now)
            }
            // A ticket presented twice in one batch lets in only its first holder.
            var used = Set<Int64>()
            for admitting in batch {
                let admitted = newlyAdmitted.contains(admitting.ticket) && used.insert(admitting.ticket).inserted
                admitting.continuation.resume(returning: admitted)
            }
        } catch {
            for admitting in batch { admitting.continuation.resume(throwing: error) }
        }
    }

    /// Two newcomers in one batch drew the same 63-bit key (about once in 10^16 batches): the
    /// second draws again rather than share the first one's ticket.
    struct KeyTaken: Error {}

    /// The database returned no ticket for a row it was asked to insert.
    struct MissingTicket: Error {}

    public func position(ticket: Int64) async throws -> (found: Bool, position: Int64?) {
        try await database.read { try await WaitingRoomStore($0).position(ticket: ticket) }
    }

    /// Uses up the place of `ticket`, whose turn has come: true the first time only, so one
    /// place in line lets one visitor in, however often its ticket is presented or copied.
    public func admit(ticket: Int64, now: Date) async throws -> Bool {
        try await withCheckedThrowingContinuation { continuation in
            admissions.submit(Admitting(ticket: ticket, now: now, continuation: continuation))
        }
    }

    /// Reads the line without changing it.
    public func snapshot() async throws -> Snapshot { try await Self.snapshot(database: database) }

    /// The line's state, for a one-off read (an operator's view, a command) that joins nobody.
    public static func snapshot(database: any DatabaseClient) async throws -> Snapshot {
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
