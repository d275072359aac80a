import Domain
import Foundation
import Storage

/// The line of visitors waiting to be let in, kept in the database so every server process
/// shares one fair queue.
///
/// Joining costs no database round trip: a process numbers its newcomers from a block of
/// ticket numbers it reserved (one write per `ticketBlock` people) and writes them at its next
/// pass of the line (`advance`, four times a second), placed there and then when the line is
/// open. Past capacity everyone new joins, so joining must cost far less than what the line
/// protects. What that costs: arrival order holds within a process, and across processes to
/// within a pass; a process that stops between a join and its next pass loses those places
/// (their holders come back as newcomers), never an acknowledged registration.
public struct WaitingRoom: Sendable {
    let database: any DatabaseClient
    private let newcomers: Newcomers
    private let admissions: SerialBatches<Admitting>
    private let lookups: SerialBatches<Looking>

    /// Ticket numbers reserved at a time.
    static let ticketBlock = 4_096

    public init(database: any DatabaseClient) {
        self.database = database
        newcomers = Newcomers(database: database, block: Self.ticketBlock)
        admissions = SerialBatches(maximum: 512) { batch in await Self.write(batch, database: database) }
        lookups = SerialBatches(maximum: 512) { batch in await Self.read(batch, database: database) }
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

    /// Puts a newcomer in line; returns their ticket. They are written at the next pass.
    public func join(now: Date) async throws -> Int64 {
        try await newcomers.join(arrivedAt: Int64(now.timeIntervalSince1970))
    }

    /// The same without waiting: nil when this process must first reserve ticket numbers,
    /// which `join` does.
    public func joinWithoutWaiting(now: Date) -> Int64? {
        newcomers.joinFromBlock(arrivedAt: Int64(now.timeIntervalSince1970))
    }

    /// Newcomers numbered by this process and not yet written.
    public var pendingJoins: Int { newcomers.count }

    /// Someone whose turn has come, waiting for their batch of admissions to be written.
    private struct Admitting: Sendable {
        let ticket: Int64
        let now: Date
        let continuation: CheckedContinuation<Bool, any Error>
    }

    /// Past capacity the line lets in as many people a second as registrations go through,
    /// so their places are used up together, one statement and one commit per batch; a commit
    /// each would make the line the bottleneck.
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

    /// Someone back with a ticket the line had not numbered when they left, waiting for their
    /// batch of lookups.
    private struct Looking: Sendable {
        let ticket: Int64
        let continuation: CheckedContinuation<(found: Bool, position: Int64?), any Error>
    }

    /// Whether a ticket is in line, and its place once assigned. Past capacity most people come
    /// back first with such a ticket, at thousands a second: looked up together, one query per
    /// batch, they cannot queue up behind the few reader connections.
    public func position(ticket: Int64) async throws -> (found: Bool, position: Int64?) {
        try await withCheckedThrowingContinuation { continuation in
            lookups.submit(Looking(ticket: ticket, continuation: continuation))
        }
    }

    private static func read(_ batch: [Looking], database: any DatabaseClient) async {
        do {
            let positions = try await database.read { connection in
                try await WaitingRoomStore(connection).positions(tickets: Array(Set(batch.map(\.ticket))))
            }
            for looking in batch {
                let position = positions[looking.ticket]
                looking.continuation.resume(returning: (position != nil, position ?? nil))
            }
        } catch {
            for looking in batch { looking.continuation.resume(throwing: error) }
        }
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

    /// Moves the line: writes this process's newcomers, places them (after the opening, if one
    /// is scheduled; by a draw for those who came before a randomised opening) and lets in up
    /// to `admit` more people.
    public func advance(admit: Int, now: Date) async throws -> Snapshot {
        let newcomers = self.newcomers.takeAll()
        do {
            return try await database.transaction { connection in
                try await Self.advance(newcomers: newcomers, admit: admit, now: now, in: WaitingRoomStore(connection))
            }
        } catch {
            // Written at the next pass instead, ahead of whoever joined since.
            self.newcomers.putBack(newcomers)
            throw error
        }
    }

    private static func advance(
        newcomers: [WaitingRoomStore.Joiner], admit: Int, now: Date, in store: WaitingRoomStore
    ) async throws -> Snapshot {
        var state = try await store.state(lock: true)
        let seconds = Int64(now.timeIntervalSince1970)
        let open = state.openingAt.map { seconds >= $0 } ?? true
        let limit = 10_000
        let unplaced = try await store.unplaced(limit: limit)
        var stillUnplaced = unplaced.count
        if open && !unplaced.isEmpty {
            let ordered = LineOrder.order(unplaced, randomisedBefore: state.randomise ? state.openingAt : nil)
            let places = ordered.enumerated().map { (ticket: $1.id, position: state.nextPosition + Int64($0)) }
            try await store.place(places)
            state.nextPosition += Int64(places.count)
            stillUnplaced = 0
        }
        // Newcomers are placed as they are written when nobody unplaced is ahead of them (the
        // line is open and the pass above placed everyone); otherwise they wait for a pass.
        let placedNow = open && unplaced.count < limit
        let written = newcomers.enumerated().map { index, joiner in
            WaitingRoomStore.Joiner(
                ticket: joiner.ticket, arrivedAt: joiner.arrivedAt, randomKey: joiner.randomKey,
                position: placedNow ? state.nextPosition + Int64(index) : nil)
        }
        try await store.join(written)
        if placedNow { state.nextPosition += Int64(written.count) } else { stillUnplaced += written.count }
        if open { state.admittedThrough = min(state.admittedThrough + Int64(admit), state.nextPosition - 1) }
        try await store.update(admittedThrough: state.admittedThrough, nextPosition: state.nextPosition, now: now)
        return Snapshot(state: state, unplaced: stillUnplaced)
    }

    /// Schedules (or clears, with nil) an opening time, with or without a draw for early comers.
    public func schedule(openingAt: Date?, randomise: Bool) async throws {
        let seconds = openingAt.map { Int64($0.timeIntervalSince1970) }
        try await database.transaction {
            try await WaitingRoomStore($0).schedule(openingAt: seconds, randomise: randomise)
        }
    }
}
