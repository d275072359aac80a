import Application
import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// The shared line in the database, on both engines, with a hand-moved clock.
@Suite struct WaitingRoomTests {
    @Test(arguments: TestEngine.allCases)
    func firstComeFirstServedAtTheAdmittedRate(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let room = WaitingRoom(database: database)
            let clock = TestClock()
            var tickets: [Int64] = []
            for _ in 0..<5 { tickets.append(try await room.join(now: clock.now())) }
            let first = try await room.advance(admit: 2, now: clock.now())
            #expect(first.state.admittedThrough == 2)
            #expect(first.peopleWaiting == 3)
            var positions: [Int64] = []
            for ticket in tickets { positions.append(try #require(try await room.position(ticket: ticket).position)) }
            #expect(positions == [1, 2, 3, 4, 5])
            // Admission never runs past the people placed.
            let all = try await room.advance(admit: 100, now: clock.now())
            #expect(all.state.admittedThrough == 5)
            #expect(all.peopleWaiting == 0)
            #expect(try await room.position(ticket: 999).found == false)
        }
    }

    /// A place in line lets one visitor in: its ticket, presented again or copied, does not
    /// admit a second time; a place not yet placed admits nobody.
    @Test(arguments: TestEngine.allCases)
    func aPlaceInLineAdmitsOnce(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let room = WaitingRoom(database: database)
            let clock = TestClock()
            let ticket = try await room.join(now: clock.now())
            #expect(try await room.admit(ticket: ticket, now: clock.now()) == false, "not placed yet")
            _ = try await room.advance(admit: 1, now: clock.now())
            #expect(try await room.admit(ticket: ticket, now: clock.now()))
            #expect(try await room.admit(ticket: ticket, now: clock.now()) == false)
            #expect(try await room.admit(ticket: 12_345, now: clock.now()) == false)
        }
    }

    /// People whose turn came together are let in together (their places used up in shared
    /// batches); each place still admits once, even when its ticket is presented several
    /// times at the same moment.
    @Test(arguments: TestEngine.allCases)
    func placesUsedUpTogetherEachAdmitOnce(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let room = WaitingRoom(database: database)
            let now = TestClock().now()
            var tickets: [Int64] = []
            for _ in 0..<50 { tickets.append(try await room.join(now: now)) }
            _ = try await room.advance(admit: 50, now: now)
            let presented = tickets + tickets + tickets.prefix(10)
            let results = try await withThrowingTaskGroup(of: (Int64, Bool).self) { group in
                for ticket in presented { group.addTask { (ticket, try await room.admit(ticket: ticket, now: now)) } }
                return try await group.reduce(into: [Int64: Int]()) { counts, result in
                    if result.1 { counts[result.0, default: 0] += 1 }
                }
            }
            #expect(results.count == 50)
            #expect(results.values.allSatisfy { $0 == 1 })
            #expect(Set(results.keys) == Set(tickets))
        }
    }

    /// Newcomers arriving at once each get a ticket of their own, and the line holds each of
    /// them once, in the order of their tickets.
    @Test(arguments: TestEngine.allCases)
    func simultaneousNewcomersEachGetTheirOwnPlace(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let room = WaitingRoom(database: database)
            let now = TestClock().now()
            let tickets = try await withThrowingTaskGroup(of: Int64.self) { group in
                for _ in 0..<300 { group.addTask { try await room.join(now: now) } }
                return try await group.reduce(into: [Int64]()) { $0.append($1) }
            }
            #expect(Set(tickets).count == 300)
            let placed = try await room.advance(admit: 0, now: now)
            #expect(placed.peopleWaiting == 300)
            // Looked up all at once (in shared batches), each ticket finds its own place; a
            // ticket the line never gave finds none.
            let found = try await withThrowingTaskGroup(of: (Int64, Bool, Int64?).self) { group in
                for ticket in tickets + [0, 99_999] {
                    group.addTask {
                        let (found, position) = try await room.position(ticket: ticket)
                        return (ticket, found, position)
                    }
                }
                return try await group.reduce(into: [Int64: Int64?]()) { found, result in
                    if result.1 { found[result.0] = .some(result.2) }
                }
            }
            #expect(found.count == 300)
            let positions = try tickets.map { try #require(found[$0] ?? nil) }
            #expect(Set(positions) == Set(1...300))
            // Places follow ticket numbers: whoever was written first is ahead.
            #expect(tickets.sorted().map { positions[tickets.firstIndex(of: $0)!] } == Array(1...300))
        }
    }

    /// Two processes number their newcomers from blocks of their own: no ticket is given twice,
    /// and each process writes its own newcomers, in the order they came, at its next pass.
    @Test(arguments: TestEngine.allCases)
    func processesNumberTheirNewcomersFromBlocksOfTheirOwn(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let (one, other) = (WaitingRoom(database: database), WaitingRoom(database: database))
            let now = TestClock().now()
            var (fromOne, fromOther): ([Int64], [Int64]) = ([], [])
            for _ in 0..<3 {
                fromOne.append(try await one.join(now: now))
                fromOther.append(try await other.join(now: now))
            }
            #expect(Set(fromOne + fromOther).count == 6)
            #expect(fromOne == fromOne.sorted() && fromOther == fromOther.sorted())
            #expect(one.pendingJoins == 3)
            #expect(try await one.position(ticket: fromOne[0]).found == false, "written at the next pass")
            #expect(try await one.advance(admit: 0, now: now).peopleWaiting == 3)
            #expect(one.pendingJoins == 0)
            #expect(try await other.advance(admit: 0, now: now).peopleWaiting == 6)
            var positions: [Int64] = []
            for ticket in fromOne + fromOther {
                positions.append(try #require(try await one.position(ticket: ticket).position))
            }
            #expect(positions == [1, 2, 3, 4, 5, 6])
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aRandomisedOpeningHoldsEveryoneThenDrawsTheEarlyOnes(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let room = WaitingRoom(database: database)
            let clock = TestClock()
            let opening = clock.now().addingTimeInterval(60)
            try await room.schedule(openingAt: opening, randomise: true)
            var early: [Int64] = []
            for _ in 0..<40 { early.append(try await room.join(now: clock.now())) }
            let closed = try await room.advance(admit: 10, now: clock.now())
            #expect(closed.state.admittedThrough == 0)
            #expect(closed.unplaced == 40)
            #expect(closed.openingInFuture(now: clock.now()))

            clock.advance(by: 61)
            let late = try await room.join(now: clock.now())
            let opened = try await room.advance(admit: 10, now: clock.now())
            #expect(opened.state.admittedThrough == 10)
            var earlyPositions: [Int64] = []
            for ticket in early {
                earlyPositions.append(try #require(try await room.position(ticket: ticket).position))
            }
            // The early comers hold places 1…40 in a drawn order, not their arrival order.
            #expect(Set(earlyPositions) == Set(1...40))
            #expect(earlyPositions != Array(1...40))
            // Who came after the opening is served after them.
            #expect(try await room.position(ticket: late).position == 41)
        }
    }
}
