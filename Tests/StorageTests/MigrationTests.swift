import Foundation
import SQLKit
import Storage
import TestSupport
import Testing

@Suite struct MigrationTests {
    @Test(arguments: TestEngine.allCases)
    func migratesOnceAndReportsCurrent(engine: TestEngine) async throws {
        let database = try await TestDatabase.open(try await TestDatabase.makeURL(engine))
        let migrator = Migrator(database: database)
        #expect(try await migrator.pending() == Migrations.all.map(\.version))
        #expect(try await migrator.migrate(now: Date()) == Migrations.all.map(\.version))
        #expect(try await migrator.pending().isEmpty)
        #expect(try await migrator.migrate(now: Date()).isEmpty)
        await database.close()
    }

    @Test(arguments: TestEngine.allCases)
    func concurrentMigratorsApplyEachStepOnce(engine: TestEngine) async throws {
        let url = try await TestDatabase.makeURL(engine)
        let first = try await TestDatabase.open(url)
        let second = try await TestDatabase.open(url)
        async let a = Migrator(database: first).migrate(now: Date())
        async let b = Migrator(database: second).migrate(now: Date())
        let applied = await (try? a, try? b)
        await first.close()
        await second.close()
        let (one, two) = (try #require(applied.0), try #require(applied.1))
        #expect((one + two).sorted() == Migrations.all.map(\.version))
    }

    @Test(arguments: TestEngine.allCases)
    func failedTransactionLeavesNothingBehind(engine: TestEngine) async throws {
        struct Boom: Error {}
        try await TestDatabase.with(engine) { database in
            await #expect(throws: Boom.self) {
                try await database.transaction { connection in
                    try await OutboxStore(connection).enqueue(kind: "email", payload: "{}", now: Date())
                    throw Boom()
                }
            }
            let depth = try await database.read { try await OutboxStore($0).depth() }
            #expect(depth.pending == 0)
        }
    }
}
