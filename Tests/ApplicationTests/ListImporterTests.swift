import Application
import Domain
import Foundation
import SQLKit
import Storage
import TestSupport
import Testing

@Suite struct ListImporterTests {
    static let index = BlindIndex(key: [UInt8](repeating: 9, count: 32))

    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("list-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func importer(_ database: any DatabaseClient, batchSize: Int = 2) -> ListImporter {
        ListImporter(database: database, index: Self.index, regions: .bundled, clock: TestClock(), batchSize: batchSize)
    }

    @Test(arguments: TestEngine.allCases)
    func importsValidRowsAndReportsTheRestByLine(engine: TestEngine) async throws {
        let file = try write(
            """
            nama,nik,alamat\r
            Budi Santoso,3201010112900001,"Jl. Merdeka 1, Bogor"\r
            Siti Aminah,3171014107850123,Jakarta\r
            Rusak,320101011290000,Bogor\r
            Kurang kolom,3201010112900002\r
            Serial nol,3201010112900000,Bogor\r
            Budi lagi,3201010112900001,"Bogor"\r
            \r
            "Agus ""Gus"" Salim",9101010112900001,Merauke\r
            Bulan salah,3171011513900001,Jakarta
            """)
        try await TestDatabase.with(engine) { database in
            let report = try await importer(database).importFile(at: file, kind: .civilServants)
            #expect(report.accepted == 3)
            #expect(report.duplicates == 1)
            #expect(report.rejectedLines.map(\.line) == [4, 5, 6, 10])
            #expect(report.rejectedLines.map(\.reason) == [.invalidNIK, .wrongColumnCount, .invalidNIK, .invalidNIK])

            let kinds = try await database.read {
                try await ListStore($0).kinds(containing: Self.index.hash("3201010112900001"))
            }
            #expect(kinds == [.civilServants])
            let count = try await database.read { try await ListStore($0).count(kind: .civilServants) }
            #expect(count == 3)

            // Importing the same file again changes nothing.
            let again = try await importer(database).importFile(at: file, kind: .civilServants)
            #expect(again.accepted == 0)
            #expect(again.duplicates == 4)
            // The same people on another list are another entry.
            let other = try await importer(database).importFile(at: file, kind: .blacklist)
            #expect(other.accepted == 3)
            let both = try await database.read {
                try await ListStore($0).kinds(containing: Self.index.hash("3171014107850123"))
            }
            #expect(both == [.civilServants, .blacklist])
        }
    }

    @Test func refusesAFileWithoutAnNIKColumn() async throws {
        let file = try write("nama,nomor\nBudi,3201010112900001\n")
        _ = try await TestDatabase.with(.sqlite) { database in
            await #expect(throws: ListRow.HeaderError.self) {
                try await importer(database).importFile(at: file, kind: .police)
            }
        }
    }

    @Test func neverStoresTheNIKItself() async throws {
        let file = try write("nik\n3201010112900001\n")
        try await TestDatabase.with(.sqlite) { database in
            _ = try await importer(database).importFile(at: file, kind: .police)
            let stored = try await database.read { connection in
                try await connection.sql.raw("SELECT nik_hash FROM list_entries").all().map {
                    try $0.decode(column: "nik_hash", as: String.self)
                }
            }
            #expect(stored == [Self.index.hash("3201010112900001")])
            #expect(!stored[0].contains("3201010112900001"))
            #expect(stored[0].count == 64)
        }
    }

    @Test func readsRowsAcrossBatchesWithQuotedFieldsAndLineBreaks() async throws {
        let file = try write(
            (0..<500).map { "\($0),\"baris \($0), \"\"dikutip\"\"\"" }.joined(separator: "\r\n")
                + "\r\n500,\"dua\nbaris\"\n")
        var read: [CSVRows.Row] = []
        for try await row in CSVRows(path: file, batchSize: 7) { read.append(row) }
        #expect(read.count == 501)
        #expect(read.map(\.number) == Array(1...501))
        #expect(read[42].fields == ["42", "baris 42, \"dikutip\""])
        #expect(read[500].fields == ["500", "dua\nbaris"])
    }

    @Test func aMissingFileIsUnreadable() async throws {
        await #expect(throws: CSVRows.Unreadable.self) {
            for try await _ in CSVRows(path: "/tidak/ada.csv") {}
        }
    }
}
