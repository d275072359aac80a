import Foundation
import Storage
import TestSupport
import Testing

@Suite struct OutboxStoreTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000)

    /// A worker that starts again under its name takes back what it had claimed before it
    /// died, at once; another worker's claims keep their lease.
    @Test(arguments: TestEngine.allCases)
    func aRestartedWorkerTakesBackOnlyItsOwnClaims(engine: TestEngine) async throws {
        let now = self.now
        try await TestDatabase.with(engine) { database in
            try await database.transaction { connection in
                try await OutboxStore(connection).enqueue(kind: "email", payloads: ["a", "b", "c"], now: now)
            }
            let mine = try await database.transaction {
                try await OutboxStore($0).claim(limit: 2, now: now, lease: 120, worker: "host/serve")
            }
            let theirs = try await database.transaction {
                try await OutboxStore($0).claim(limit: 1, now: now, lease: 120, worker: "other/worker")
            }
            let later = now.addingTimeInterval(1)
            let released = try await database.transaction {
                try await OutboxStore($0).releaseClaims(of: "host/serve", now: later)
            }
            #expect(released == 2)
            let again = try await database.transaction {
                try await OutboxStore($0).claim(limit: 10, now: later, lease: 120, worker: "host/serve")
            }
            #expect(again.map(\.id) == mine.map(\.id))
            #expect(again.allSatisfy { $0.attempts == 2 })
            #expect(!again.map(\.id).contains(theirs[0].id))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func claimIsALeaseAndDeliveryIsFinal(engine: TestEngine) async throws {
        let now = self.now
        try await TestDatabase.with(engine) { database in
            try await database.transaction { connection in
                for index in 0..<3 {
                    try await OutboxStore(connection).enqueue(kind: "email", payload: "{\"n\":\(index)}", now: now)
                }
            }
            let first = try await database.transaction {
                try await OutboxStore($0).claim(limit: 2, now: now, lease: 60, worker: "w")
            }
            #expect(first.map(\.payload) == ["{\"n\":0}", "{\"n\":1}"])
            #expect(first.allSatisfy { $0.attempts == 1 })
            let second = try await database.transaction {
                try await OutboxStore($0).claim(limit: 10, now: now, lease: 60, worker: "w")
            }
            #expect(second.map(\.payload) == ["{\"n\":2}"])
            #expect(
                try await database.transaction {
                    try await OutboxStore($0).claim(limit: 10, now: now, lease: 60, worker: "w")
                }
                .isEmpty)

            try await database.transaction { try await OutboxStore($0).markDelivered(id: first[0].id, now: now) }
            // After the lease, what was claimed but not completed comes back.
            let reclaimed = try await database.transaction {
                try await OutboxStore($0).claim(limit: 10, now: now.addingTimeInterval(61), lease: 60, worker: "w")
            }
            #expect(reclaimed.map(\.id) == [first[1].id, second[0].id])
            #expect(reclaimed.allSatisfy { $0.attempts == 2 })
            let depth = try await database.read { try await OutboxStore($0).depth() }
            #expect(depth.pending == 2)
            #expect(depth.oldestPendingCreatedAt == now)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func failuresRetryLaterOrDeadLetter(engine: TestEngine) async throws {
        let now = self.now
        try await TestDatabase.with(engine) { database in
            try await database.transaction { try await OutboxStore($0).enqueue(kind: "email", payload: "{}", now: now) }
            let message = try #require(
                try await database.transaction {
                    try await OutboxStore($0).claim(limit: 1, now: now, lease: 60, worker: "w")
                }.first)
            try await database.transaction {
                try await OutboxStore($0).markFailed(
                    id: message.id, error: "connection refused", retryAt: now.addingTimeInterval(5))
            }
            let early = try await database.transaction {
                try await OutboxStore($0).claim(limit: 1, now: now.addingTimeInterval(4), lease: 60, worker: "w")
            }
            #expect(early.isEmpty)
            let retried = try await database.transaction {
                try await OutboxStore($0).claim(limit: 1, now: now.addingTimeInterval(5), lease: 60, worker: "w")
            }
            #expect(retried.map(\.attempts) == [2])
            try await database.transaction {
                try await OutboxStore($0).markFailed(id: message.id, error: "550 no such user", retryAt: nil)
            }
            let afterDeath = try await database.transaction {
                try await OutboxStore($0).claim(limit: 1, now: now.addingTimeInterval(9999), lease: 60, worker: "w")
            }
            #expect(afterDeath.isEmpty)
            let status = try #require(try await database.read { try await OutboxStore($0).status(id: message.id) })
            #expect(status.status == "dead")
            #expect(status.lastError == "550 no such user")
            let depth = try await database.read { try await OutboxStore($0).depth() }
            #expect(depth == OutboxDepth(pending: 0, dead: 1, oldestPendingCreatedAt: nil))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func concurrentClaimsNeverShareAMessage(engine: TestEngine) async throws {
        let now = self.now
        try await TestDatabase.with(engine) { database in
            try await database.transaction { connection in
                for _ in 0..<200 { try await OutboxStore(connection).enqueue(kind: "email", payload: "{}", now: now) }
            }
            let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        var mine: [Int64] = []
                        while true {
                            let batch = try await database.transaction {
                                try await OutboxStore($0).claim(limit: 7, now: now, lease: 600, worker: "w")
                            }
                            if batch.isEmpty { return mine }
                            mine += batch.map(\.id)
                        }
                    }
                }
                return try await group.reduce(into: [Int64]()) { $0 += $1 }
            }
            #expect(claimed.count == 200)
            #expect(Set(claimed).count == 200)
        }
    }
}
