import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// The set-at-a-time reads and writes a wave's close uses, on both engines and across their
/// 1,000-row chunks: the re-check's rows, list lookups, stage moves, ledger accounts and cards.
@Suite struct WaveCloseStoreTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    /// `count` accounts `a0000…`, a wave, and an entry for each.
    static func seed(_ database: any DatabaseClient, count: Int) async throws -> Wave {
        let wave = Wave(
            id: "gelombang-1", number: 1, schemeCode: "2023", schemeVersion: 1, opensAt: now, closesAt: now + 60,
            totalQuota: 10, reservedQuota: 0, groupQuotas: ["31": 10], commitment: "c", publicSource: "p")
        try await database.transaction { connection in
            _ = try await WaveStore(connection).insert(wave, seed: [1, 2, 3], now: now)
            let accounts = try (0..<count).map {
                AccountStore.Pending(
                    id: String(format: "a%05d", $0), email: try EmailAddress("orang\($0)@contoh.co.id"),
                    locale: .indonesian, codeNonce: "n", createdAt: now, cipher: connection.cipher)
            }
            #expect(try await AccountStore(connection).insertPending(accounts).count == count)
            for index in 0..<count {
                _ = try await WaveStore(connection).insert(
                    WaveEntryRecord(
                        id: String(format: "e%05d", index), waveID: wave.id, accountID: String(format: "a%05d", index),
                        group: "31", priority: false, household: "h\(index)", joinedAt: now))
            }
        }
        return wave
    }

    @Test(arguments: TestEngine.allCases)
    func recheckRowsCarryCardsDecisionsAndProfiles(engine: TestEngine) async throws {
        let now = Self.now
        try await TestDatabase.with(engine) { database in
            let wave = try await Self.seed(database, count: 3)
            try await database.transaction { connection in
                _ = try await ProfileStore(connection).insert(
                    accountID: "a00000", nikHash: "nik0", kkHash: "kk0", details: "{\"nik\":\"1\"}", now: now)
                let decisions = EligibilityStore(connection)
                for (id, eligible, at) in [("d1", false, now), ("d2", true, now + 5)] {
                    try await decisions.insert(
                        EligibilityRecord(
                            id: id, accountID: "a00000", schemeCode: "2023", schemeVersion: 1,
                            decidedFor: "2026-12-01", isEligible: eligible, reasons: [], decidedAt: at))
                }
                _ = try await CardStore(connection).insert(
                    CardRecord(
                        number: CardNumber(body: "00000000001"), accountID: "a00001", waveID: wave.id, kkHash: "kk1",
                        ledgerAccount: "training_balance:a00001", issuedAt: now, purchaseDeadlineAt: now + 86_400))
            }
            let rows = try await database.read { try await WaveStore($0).recheckRows(waveID: wave.id) }
            let details = try rows[0].sealedDetails.map { try database.cipher.open($0, column: .profileDetails) }
            #expect(rows.map(\.entry.id) == ["e00000", "e00001", "e00002"])
            #expect(rows[0].eligible == true, "the latest decision counts")
            #expect(details == "{\"nik\":\"1\"}")
            #expect(rows[0].nikHash == "nik0" && rows[0].kkHash == "kk0")
            #expect(!rows[0].holdsCard && rows[1].holdsCard)
            #expect(rows[2].eligible == nil && rows[2].sealedDetails == nil)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func batchesCrossTheirChunks(engine: TestEngine) async throws {
        let now = Self.now
        try await TestDatabase.with(engine) { database in
            let wave = try await Self.seed(database, count: 1_200)
            let ids = (0..<1_200).map { String(format: "a%05d", $0) }
            try await database.transaction { connection in
                let accounts = AccountStore(connection)
                #expect(try await accounts.advanceStage(ids: ids, from: .registered, to: .joinedWave) == 1_200)
                #expect(try await accounts.advanceStage(ids: ids, from: .registered, to: .joinedWave) == 0)
                #expect(try await accounts.advanceStage(ids: ids, from: .joinedWave, to: .selected) == 1_200)

                let lists = ListStore(connection)
                _ = try await lists.insert(kind: .civilServants, nikHashes: (0..<1_100).map { "n\($0)" }, now: now)
                _ = try await lists.insert(kind: .blacklist, nikHashes: ["n1099", "n1150"], now: now)
                let kinds = try await lists.kinds(containingAny: (0..<1_200).map { "n\($0)" })
                #expect(kinds.count == 1_101)
                #expect(kinds["n1099"] == [.civilServants, .blacklist])
                #expect(kinds["n1150"] == [.blacklist])
                #expect(kinds["n1199"] == nil)

                let ledger = LedgerStore(connection)
                let balances = ids.map {
                    LedgerAccount(
                        id: "training_balance:\($0)", kind: .trainingBalance, owner: $0,
                        rule: LedgerAccount.rule(for: .trainingBalance))
                }
                try await ledger.open(balances, now: now)
                try await ledger.open(balances, now: now)
                #expect(try await ledger.account(id: "training_balance:a01199") != nil)

                let taken = CardRecord(
                    number: CardNumber(body: "99999999999"), accountID: "a00000", waveID: wave.id, kkHash: "k",
                    ledgerAccount: "training_balance:a00000", issuedAt: now, purchaseDeadlineAt: now + 86_400)
                #expect(try await CardStore(connection).insert(taken) == .inserted)
                let cards = ids.dropFirst().enumerated().map { index, id in
                    CardRecord(
                        number: CardNumber(body: index == 5 ? "99999999999" : String(format: "1%010d", index)),
                        accountID: id, waveID: wave.id, kkHash: "k", ledgerAccount: "training_balance:\(id)",
                        issuedAt: now, purchaseDeadlineAt: now + 86_400)
                }
                let issued = try await CardStore(connection).insert(cards)
                #expect(issued.count == 1_198, "the card with a taken number is left out")
                #expect(!issued.contains(cards[5].number.digits))
            }
        }
    }

    /// A wave's announcements and household lookups can pass PostgreSQL's 65,535 parameters per
    /// statement; the stores split them.
    @Test(arguments: TestEngine.allCases)
    func moreRowsThanOneStatementTakes(engine: TestEngine) async throws {
        let now = Self.now
        try await TestDatabase.with(engine) { database in
            let many = (0..<66_000).map { "m\($0)" }
            try await database.transaction { connection in
                try await OutboxStore(connection).enqueue(kind: "email", payloads: many, now: now)
                #expect(try await CardStore(connection).recipients(kkHashes: many).isEmpty)
            }
            let claimed = try await database.transaction {
                try await OutboxStore($0).claim(limit: 70_000, now: now, lease: 60, worker: "uji").count
            }
            #expect(claimed == 66_000)
        }
    }
}
