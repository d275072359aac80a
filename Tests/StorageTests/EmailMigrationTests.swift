import Domain
import Foundation
import SQLKit
import Storage
import TestSupport
import Testing

/// Migration 17 moves the sealed address written under migration 16 to `email_sealed` and puts
/// the lookup hash in the unique `email` column: the account is still found by its address.
@Suite struct EmailMigrationTests {
    @Test(arguments: TestEngine.allCases)
    func accountsWrittenUnderMigration16AreStillFound(engine: TestEngine) async throws {
        let database = try await TestDatabase.open(try await TestDatabase.makeURL(engine))
        do {
            try await Migrator(database: database, migrations: Array(Migrations.all.prefix(16))).migrate(now: Date())
            let cipher = database.cipher
            try await database.transaction { connection in
                try await connection.sql.raw(
                    """
                    INSERT INTO accounts (id, email, email_hash, locale, stage, created_at, code_nonce, code_issued_at)
                    VALUES ('m16', \(bind: cipher.seal("enam@contoh.id", column: .accountEmail)),
                            \(bind: cipher.lookupHash("enam@contoh.id", column: .accountEmail)), 'id', 'registered', 0, 'n', 0)
                    """
                ).run()
            }
            try await Migrator(database: database).migrate(now: Date())
            let found = try await database.read {
                try await AccountStore($0).find(email: try EmailAddress("enam@contoh.id"))
            }
            #expect(found?.id == "m16")
            #expect(found?.email == "enam@contoh.id")
            // The same address cannot register again.
            let inserted = try await database.transaction {
                try await AccountStore($0).insertPending(
                    id: "again", email: try EmailAddress("enam@contoh.id"), locale: .indonesian, codeNonce: "n",
                    now: Date())
            }
            #expect(!inserted)
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }
}
