import Domain
import Foundation
import SQLKit

/// The line's shared state.
public struct WaitingRoomState: Sendable, Equatable {
    /// Everyone placed at or before this position may come in.
    public var admittedThrough: Int64
    /// The position the next person placed gets.
    public var nextPosition: Int64
    /// A scheduled opening (seconds since 1970), before which everyone waits.
    public var openingAt: Int64?
    /// Whether those who arrive before the opening are placed by a draw.
    public var randomise: Bool

    public init(admittedThrough: Int64, nextPosition: Int64, openingAt: Int64?, randomise: Bool) {
        self.admittedThrough = admittedThrough
        self.nextPosition = nextPosition
        self.openingAt = openingAt
        self.randomise = randomise
    }

    /// An empty line with no opening scheduled: the migration's first row.
    public static let initial = WaitingRoomState(admittedThrough: 0, nextPosition: 1, openingAt: nil, randomise: false)

    /// People placed and not yet let in.
    public var placedWaiting: Int64 { max(0, nextPosition - 1 - admittedThrough) }
}

public struct WaitingRoomStore: Sendable {
    let connection: StorageConnection
    private var sql: any SQLDatabase { connection.sql }

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    /// Reserves `count` ticket numbers no other process is given; the caller numbers its own
    /// newcomers from them.
    public func reserveTickets(count: Int) async throws -> Range<Int64> {
        let row = try await sql.raw(
            """
            UPDATE waiting_room_state SET next_ticket = next_ticket + \(bind: Int64(count)) WHERE id = 1
            RETURNING next_ticket
            """
        ).first()
        let end = try row?.decode(column: "next_ticket", as: Int64.self) ?? Int64(count) + 1
        return (end - Int64(count))..<end
    }

    /// A newcomer as the line stores them: their ticket, when they came, the key that orders
    /// them in a draw, and their place when it is known as they are written.
    public struct Joiner: Sendable, Equatable {
        public let ticket: Int64
        public let arrivedAt: Int64
        public let randomKey: Int64
        public let position: Int64?

        public init(ticket: Int64, arrivedAt: Int64, randomKey: Int64, position: Int64?) {
            self.ticket = ticket
            self.arrivedAt = arrivedAt
            self.randomKey = randomKey
            self.position = position
        }
    }

    /// Puts visitors in line with one statement, under their reserved ticket numbers.
    public func join(_ joiners: [Joiner]) async throws {
        guard !joiners.isEmpty else { return }
        let rows = SQLList(
            joiners.map {
                SQLQueryString(
                    "(\(bind: $0.ticket), \(bind: $0.position), \(bind: $0.randomKey), \(bind: $0.arrivedAt))")
            })
        try await sql.raw(
            """
            INSERT INTO waiting_room (id, position, random_key, arrived_at) \(unsafeRaw: connection.dialect.overridingIdentity)
            VALUES \(rows)
            """
        ).run()
    }

    /// The tickets in line, each with its place once assigned (nil before); a ticket not in
    /// line is left out.
    public func positions(tickets: [Int64]) async throws -> [Int64: Int64?] {
        guard !tickets.isEmpty else { return [:] }
        let ids = SQLList(tickets.map { SQLBind($0) })
        let rows = try await sql.raw("SELECT id, position FROM waiting_room WHERE id IN (\(ids))").all()
        var positions: [Int64: Int64?] = [:]
        for row in rows {
            positions[try row.decode(column: "id", as: Int64.self)] = try row.decode(
                column: "position", as: Int64?.self)
        }
        return positions
    }

    /// Marks placed tickets as let in, with one statement; returns those that were not let in
    /// before (a ticket already let in, or not placed, is left out).
    public func markAdmitted(tickets: [Int64], now: Date) async throws -> Set<Int64> {
        guard !tickets.isEmpty else { return [] }
        let ids = SQLList(tickets.map { SQLBind($0) })
        let rows = try await sql.raw(
            """
            UPDATE waiting_room SET admitted_at = \(bind: now.millisecondsSince1970)
            WHERE id IN (\(ids)) AND position IS NOT NULL AND admitted_at IS NULL
            RETURNING id
            """
        ).all()
        return Set(try rows.map { try $0.decode(column: "id", as: Int64.self) })
    }

    /// The state; with `lock`, held until the transaction ends so one process moves the line
    /// at a time.
    public func state(lock: Bool = false) async throws -> WaitingRoomState {
        let row = try await sql.raw(
            """
            SELECT admitted_through, next_position, opening_at, randomise FROM waiting_room_state WHERE id = 1
            \(unsafeRaw: lock ? connection.dialect.forUpdate : "")
            """
        ).first()
        guard let row else {
            return .initial
        }
        return WaitingRoomState(
            admittedThrough: try row.decode(column: "admitted_through", as: Int64.self),
            nextPosition: try row.decode(column: "next_position", as: Int64.self),
            openingAt: try row.decode(column: "opening_at", as: Int64?.self),
            randomise: try row.decode(column: "randomise", as: Bool.self))
    }

    /// Visitors not yet placed, oldest first.
    public func unplaced(limit: Int) async throws -> [LineOrder.Arrival] {
        try await sql.raw(
            """
            SELECT id, arrived_at, random_key FROM waiting_room WHERE position IS NULL ORDER BY id LIMIT \(bind: limit)
            """
        ).all().map { row in
            LineOrder.Arrival(
                id: try row.decode(column: "id", as: Int64.self),
                arrivedAt: try row.decode(column: "arrived_at", as: Int64.self),
                randomKey: try row.decode(column: "random_key", as: Int64.self))
        }
    }

    /// Gives each ticket its place. A join on the ticket, not a lookup in the list per row: the
    /// list is not indexed, and a pass places up to ten thousand people at once.
    public func place(_ places: [(ticket: Int64, position: Int64)]) async throws {
        guard !places.isEmpty else { return }
        let rows = SQLList(places.map { SQLQueryString("(\(bind: $0.ticket), \(bind: $0.position))") })
        try await sql.raw(
            """
            WITH placed (ticket, place) AS (VALUES \(rows))
            UPDATE waiting_room SET position = placed.place FROM placed WHERE waiting_room.id = placed.ticket
            """
        ).run()
    }

    public func update(admittedThrough: Int64, nextPosition: Int64, now: Date) async throws {
        try await sql.raw(
            """
            UPDATE waiting_room_state SET admitted_through = \(bind: admittedThrough),
                next_position = \(bind: nextPosition), updated_at = \(bind: now.millisecondsSince1970)
            WHERE id = 1
            """
        ).run()
    }

    /// Schedules an opening (nil: none), optionally with a draw for those who come before it.
    public func schedule(openingAt: Int64?, randomise: Bool) async throws {
        try await sql.raw(
            """
            UPDATE waiting_room_state SET opening_at = \(bind: openingAt), randomise = \(bind: randomise) WHERE id = 1
            """
        ).run()
    }
}
