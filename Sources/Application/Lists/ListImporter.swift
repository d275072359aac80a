import Domain
import Foundation
import Storage

/// Imports an exclusion or priority list from a CSV file: streamed, in batches, idempotent
/// (importing the same file again adds nothing), with a report of what was accepted and which
/// lines were rejected and why. NIKs are stored only as blind-index hashes.
public struct ListImporter: Sendable {
    let database: any DatabaseClient
    let index: BlindIndex
    let regions: RegionTable
    let clock: any AppClock
    let batchSize: Int

    public init(
        database: any DatabaseClient, index: BlindIndex, regions: RegionTable, clock: any AppClock,
        batchSize: Int = 4000
    ) {
        self.database = database
        self.index = index
        self.regions = regions
        self.clock = clock
        self.batchSize = batchSize
    }

    public struct Report: Sendable, Equatable {
        public var accepted = 0
        public var duplicates = 0
        public var rejectedLines: [(line: Int, reason: ListRow.Rejection)] = []

        public var rejected: Int { rejectedLines.count }

        public static func == (lhs: Report, rhs: Report) -> Bool {
            lhs.accepted == rhs.accepted && lhs.duplicates == rhs.duplicates
                && lhs.rejectedLines.map(\.line) == rhs.rejectedLines.map(\.line)
                && lhs.rejectedLines.map(\.reason) == rhs.rejectedLines.map(\.reason)
        }
    }

    public func importFile(at path: String, kind: ListKind) async throws -> Report {
        guard FileManager.default.isReadableFile(atPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
        let startedAt = clock.now()
        let today = CalendarDate.inJakarta(startedAt)
        var report = Report()
        var layout: (nikColumn: Int, columns: Int)?
        var batch: [String] = []

        // One batch is written while the next is read and hashed.
        var writing: Task<(inserted: Int, submitted: Int), any Error>?
        func finishWriting() async throws {
            guard let result = try await writing?.value else { return }
            report.accepted += result.inserted
            report.duplicates += result.submitted - result.inserted
            writing = nil
        }
        func flush() async throws {
            try await finishWriting()
            guard !batch.isEmpty else { return }
            let (hashes, now, database) = (batch, clock.now(), database)
            writing = Task {
                let inserted = try await database.transaction {
                    try await ListStore($0).insert(kind: kind, nikHashes: hashes, now: now)
                }
                return (inserted, hashes.count)
            }
            batch.removeAll(keepingCapacity: true)
        }

        var seenInBatch = Set<String>()
        for try await row in CSVRows(path: path) {
            let lineNumber = row.number
            guard let currentLayout = layout else {
                layout = try ListRow.layout(header: row.fields)
                continue
            }
            if row.isBlank { continue }
            switch ListRow.nik(in: row.fields, layout: currentLayout, regions: regions, today: today) {
            case .success(let nik):
                let hash = index.hash(nik)
                // A NIK twice in one batch would make the multi-row insert count it once.
                if seenInBatch.insert(hash).inserted {
                    batch.append(hash)
                } else {
                    report.duplicates += 1
                }
            case .failure(let rejection):
                report.rejectedLines.append((lineNumber, rejection.reason))
            }
            if batch.count >= batchSize {
                try await flush()
                seenInBatch.removeAll(keepingCapacity: true)
            }
        }
        guard layout != nil else { throw ListRow.HeaderError() }
        try await flush()
        try await finishWriting()
        let record = ListStore.ImportRecord(
            kind: kind, source: (path as NSString).lastPathComponent, accepted: report.accepted,
            duplicates: report.duplicates, rejected: report.rejected, startedAt: startedAt, finishedAt: clock.now())
        try await database.transaction { try await ListStore($0).recordImport(record) }
        return report
    }
}
