import Application
import BenchmarkSupport
import Domain
import Foundation
import Logging
import Storage
import Synchronization
import Web

/// A whole wave close at scale, on the database `PRAKERJA_DATABASE_URL` names (a fresh one):
/// seeds N verified, eligible people with verified phones who joined one wave (in 34
/// provinces), then closes the wave, enters the public value and runs the draw, timing each of
/// its phases (re-check and freeze, draw, outcomes and cards, balances, announcements, publish
/// and commit). Also measures ledger transfers per second, one per transaction and in batches.
///
///     swift build -c release --product WaveCloseBenchmark
///     PRAKERJA_DATABASE_URL=sqlite:/tmp/close.sqlite .build/release/WaveCloseBenchmark 100000 60000
///
/// Prints one line per phase with its seconds; see BENCHMARKS.md.
@main
struct WaveCloseBenchmark {
    static func main() async throws {
        let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
        let entries = arguments.first ?? 10_000
        let places = arguments.dropFirst().first ?? entries * 6 / 10
        var environment = ProcessInfo.processInfo.environment
        environment["PRAKERJA_LOG_LEVEL"] = environment["PRAKERJA_LOG_LEVEL"] ?? "warning"
        let configuration = try AppConfiguration.load(environment: environment)
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let platform = try await Platform.open(configuration, logger: logger)
        try await platform.migrator.migrate(now: platform.clock.now())
        let services = platform.services
        let principal = OperatorPrincipal.localDeveloper
        let provinces = RegionTable.bundled.subdivisions(of: nil).map(\.code).sorted()
        let now = platform.clock.now()

        func timed<T>(_ name: String, _ body: () async throws -> T) async rethrows -> T {
            let start = ContinuousClock.now
            let result = try await body()
            print(String(format: "%-28@ %9.2f s", name as NSString, seconds(ContinuousClock.now - start)))
            return result
        }

        print("entries \(entries), places \(places), provinces \(provinces.count), engine \(platform.database.dialect)")
        let wave = try await BenchmarkSeed.openWave(services.waves, places: places, provinces: provinces, now: now)
        let number = wave.number
        try await timed("seed (not the close)") {
            try await BenchmarkSeed.entrants(
                entries: entries, wave: wave, provinces: provinces, database: platform.database, now: now)
        }
        _ = try await services.waves.fundBudget(
            schemeCode: "2023", schemeVersion: 1, amount: Scheme.y2023.trainingBalance * places, key: "bench-\(number)",
            as: principal)
        try await services.waves.close(number: number, as: principal)
        try await services.waves.enterPublicValue(number: number, value: "bench \(number)", as: principal)

        let marks = Mutex<[(String, ContinuousClock.Instant)]>([("start", .now)])
        let start = ContinuousClock.now
        let file = try await services.waves.draw(number: number, as: principal) { phase in
            marks.withLock { $0.append((phase, .now)) }
        }
        let end = ContinuousClock.now
        let all = marks.withLock { $0 } + [("published and committed", end)]
        for index in 1..<all.count {
            print(String(format: "  %-26@ %9.2f s", all[index].0 as NSString, seconds(all[index].1 - all[index - 1].1)))
        }
        let selected = file.entries.filter { $0.outcome.isSelected }.count
        print(
            String(
                format: "%-28@ %9.2f s  (%d selected of %d)", "wave close", seconds(end - start), selected,
                file.entries.count))
        let check = try await timed("ledger verify") { try await services.ledger.verify() }
        print(
            "ledger: \(check.problems.isEmpty ? "intact" : "BROKEN") (\(check.accounts) accounts, \(check.transfers) transfers)"
        )

        try await ledgerThroughput(services.ledger, count: min(20_000, max(2_000, entries / 10)), number: number)
        await platform.database.close()
    }

    /// Transfers per second between two accounts: one per transaction, then 1,000 per batch.
    static func ledgerThroughput(_ ledger: LedgerService, count: Int, number: Int) async throws {
        let from = LedgerService.accountID(.treasury)
        let to = LedgerService.accountID(.programmeBudget, owner: "bench-\(number)")
        _ = try await ledger.open(.treasury)
        _ = try await ledger.open(.programmeBudget, owner: "bench-\(number)")
        func transfer(_ index: Int, _ batch: String) -> LedgerTransfer {
            LedgerTransfer(
                id: "bench:\(number):\(batch):\(index)", debitAccount: from, creditAccount: to, amount: Rupiah(1),
                code: "benchmark", scheme: "2023 v1")
        }
        let single = min(count, 5_000)
        var start = ContinuousClock.now
        for index in 0..<single { _ = try await ledger.transfer(transfer(index, "one")) }
        let oneRate = Double(single) / seconds(ContinuousClock.now - start)
        start = ContinuousClock.now
        for first in stride(from: 0, to: count, by: 1_000) {
            _ = try await ledger.transfer(batch: (first..<min(first + 1_000, count)).map { transfer($0, "batch") })
        }
        let batchRate = Double(count) / seconds(ContinuousClock.now - start)
        print(String(format: "ledger transfers/s, one per transaction %9.0f  (%d)", oneRate, single))
        print(String(format: "ledger transfers/s, 1,000 per batch     %9.0f  (%d)", batchRate, count))
    }
}
