import Foundation
import SQLKit
import Storage
import TestSupport
import Testing

@Suite struct TransactionTests {
    struct Refused: Error {}

    /// Many concurrent transactions, every third failing after it wrote: on SQLite they share
    /// commits (group commit with a savepoint each), on PostgreSQL they run side by side; either
    /// way each failure undoes only its own writes and every success is there afterwards.
    @Test(arguments: TestEngine.allCases)
    func concurrentTransactionsCommitOrRollBackAlone(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for index in 0..<120 {
                    group.addTask {
                        do {
                            try await database.transaction { connection in
                                try await OutboxStore(connection).enqueue(
                                    kind: "test", payload: "\(index)", now: Date())
                                if index % 3 == 0 { throw Refused() }
                            }
                            return (index, true)
                        } catch {
                            return (index, false)
                        }
                    }
                }
                return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            #expect(outcomes.count == 120)
            for (index, committed) in outcomes { #expect(committed == (index % 3 != 0)) }
            let payloads = try await database.read { connection in
                try await connection.sql.raw("SELECT payload FROM outbox").all().map {
                    let sealed = try $0.decode(column: "payload", as: String.self)
                    return Int(try connection.cipher.open(sealed, column: .outboxPayload)) ?? -1
                }
            }
            #expect(Set(payloads) == Set((0..<120).filter { $0 % 3 != 0 }))
            #expect(payloads.count == 80)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aTransactionsResultComesBackAfterCommit(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let value = try await database.transaction { connection -> Int in
                try await OutboxStore(connection).enqueue(kind: "test", payload: "x", now: Date())
                return 42
            }
            #expect(value == 42)
            let depth = try await database.read { try await OutboxStore($0).depth() }
            #expect(depth.pending == 1)
        }
    }
}
