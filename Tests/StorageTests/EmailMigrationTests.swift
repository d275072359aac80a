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

/// Migration 20 folds the case of every address's local part into its lookup hash and reports
/// the pairs it cannot fold.
@Suite struct EmailCaseMigrationTests {
    @Test(arguments: TestEngine.allCases)
    func addressesAreFoldedAndCollidingPairsReported(engine: TestEngine) async throws {
        let database = try await TestDatabase.open(try await TestDatabase.makeURL(engine))
        let before = Migrator(database: database, migrations: Migrations.all.filter { $0.version < 20 })
        try await before.migrate(now: Date())
        // Accounts as migration 19 left them: each under the hash of its address as typed.
        let typed = ["Budi@contoh.id", "budi@contoh.id", "Sari.Dewi@contoh.id"]
        var ids: [String] = []
        for (index, address) in typed.enumerated() {
            let email = try EmailAddress(address)
            let id = "akun-\(index)"
            ids.append(id)
            try await database.transaction { connection in
                _ = try await AccountStore(connection).insertPending(
                    id: id, email: email, locale: .indonesian, codeNonce: "n\(index)",
                    now: Date(timeIntervalSince1970: 1_780_000_000 + Double(index)))
                let hash = connection.cipher.lookupHash(address, column: .accountEmail)
                try await connection.sql.raw("UPDATE accounts SET email = \(bind: hash) WHERE id = \(bind: id)").run()
            }
        }

        let outcome = try await Migrator(database: database).migrateReporting(now: Date())
        #expect(outcome.applied == Migrations.all.map(\.version).filter { $0 >= 20 })
        #expect(outcome.notes.count == 1)
        #expect(outcome.notes.first?.contains("akun-1 and akun-0") == true)
        #expect(outcome.notes.allSatisfy { !$0.contains("contoh") }, "a note must not name an address")

        func found(_ address: String) async throws -> String? {
            try await database.read { try await AccountStore($0).find(email: try EmailAddress(address))?.id }
        }
        #expect(try await found("sari.dewi@contoh.id") == "akun-2")
        #expect(try await found("SARI.DEWI@contoh.id") == "akun-2")
        #expect(try await found("Budi@contoh.id") == "akun-0")
        #expect(try await found("budi@contoh.id") == "akun-1")
        #expect(try await found("BUDI@contoh.id") == "akun-1")
        let again = try await database.transaction {
            try await AccountStore($0).insertPending(
                id: "akun-baru", email: try EmailAddress("sari.DEWI@contoh.id"), locale: .indonesian, codeNonce: "x",
                now: Date())
        }
        #expect(!again, "a second account for the same mailbox")
        await database.close()
    }
}
