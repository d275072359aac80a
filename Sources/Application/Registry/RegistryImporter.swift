import Domain
import Foundation
import Storage

/// Loads civil-registry records into the local registry: from a CSV file (streamed, in
/// batches, re-importable: a NIK imported again takes the new record) or from a synthetic
/// population. Reports rejected lines and why.
public struct RegistryImporter: Sendable {
    let database: any DatabaseClient
    let index: BlindIndex
    let regions: RegionTable
    let clock: any AppClock
    let batchSize: Int

    public init(
        database: any DatabaseClient, index: BlindIndex, regions: RegionTable, clock: any AppClock,
        batchSize: Int = 2000
    ) {
        self.database = database
        self.index = index
        self.regions = regions
        self.clock = clock
        self.batchSize = batchSize
    }

    public struct Report: Sendable, Equatable {
        public var imported = 0
        public var rejectedLines: [Line] = []

        public struct Line: Sendable, Equatable {
            public let line: Int
            public let reason: RegistryRow.Rejection
        }
    }

    public func importFile(at path: String) async throws -> Report {
        guard FileManager.default.isReadableFile(atPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
        let today = CalendarDate.inJakarta(clock.now())
        var report = Report()
        var layout: RegistryRow.Layout?
        var batch: [String: RegistryRecord] = [:]
        for try await row in CSVRows(path: path) {
            let lineNumber = row.number
            guard let currentLayout = layout else {
                layout = try RegistryRow.layout(header: row.fields)
                continue
            }
            if row.isBlank { continue }
            switch RegistryRow.record(in: row.fields, layout: currentLayout, regions: regions, today: today) {
            case .success(let record):
                // The last line for a NIK wins, within a batch as across imports.
                batch[record.nik] = record
                report.imported += 1
            case .failure(let rejection):
                report.rejectedLines.append(.init(line: lineNumber, reason: rejection.reason))
            }
            if batch.count >= batchSize {
                try await write(Array(batch.values))
                batch.removeAll(keepingCapacity: true)
            }
        }
        guard layout != nil else { throw RegistryRow.HeaderError(missing: RegistryRow.columnNames) }
        try await write(Array(batch.values))
        return report
    }

    /// Loads a synthetic population unless the registry already holds records.
    public func loadIfEmpty(_ population: SyntheticPopulation) async throws {
        guard try await database.read({ try await RegistryRecordStore($0).count() }) == 0 else { return }
        for start in stride(from: 0, to: population.people.count, by: batchSize) {
            try await write(Array(population.people[start..<min(start + batchSize, population.people.count)]))
        }
    }

    private func write(_ records: [RegistryRecord]) async throws {
        guard !records.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let rows = try records.map { record in
            (
                nikHash: index.hash(record.nik),
                record: String(decoding: try encoder.encode(RegistryRecordBody(record)), as: UTF8.self)
            )
        }
        try await database.transaction { try await RegistryRecordStore($0).upsert(rows) }
    }
}
