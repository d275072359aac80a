import Application
import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// The local civil registry: loaded from a CSV extract or the demo population, read back by
/// NIK, on both engines.
@Suite struct RegistryImportTests {
    static let index = BlindIndex(key: [UInt8](repeating: 5, count: 32))

    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString).csv")
            .path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func importer(_ database: any DatabaseClient) -> RegistryImporter {
        RegistryImporter(database: database, index: Self.index, regions: .bundled, clock: TestClock(), batchSize: 2)
    }

    @Test(arguments: TestEngine.allCases)
    func importsValidLinesReportsTheRestAndAReimportReplaces(engine: TestEngine) async throws {
        let file = try write(
            """
            full_name,nik,kk,birth_date,alive
            "AMINAH, SITI",3201014107850123,3201012203150007,1985-07-01,true
            BUDI SANTOSO,3201010112900001,3201012203150007,1990-12-01,1
            RUSAK,320101011290000,3201012203150007,1990-12-01,true
            KK RUSAK,3201010112900002,0001012203150007,1990-12-01,true
            TANGGAL,3201010112900003,3201012203150007,1990-02-30,true
            STATUS,3201010112900004,3201012203150007,1990-12-01,mungkin
            KOLOM,3201010112900005,3201012203150007
            ALMARHUM,3201010112900006,3201012203150007,1990-12-01,false
            """)
        try await TestDatabase.with(engine) { database in
            let report = try await importer(database).importFile(at: file)
            #expect(report.imported == 3)
            #expect(report.rejectedLines.map(\.line) == [4, 5, 6, 7, 8])
            #expect(
                report.rejectedLines.map(\.reason) == [
                    .invalidNIK, .invalidKK, .invalidBirthDate, .invalidAlive, .wrongColumnCount,
                ])
            let registry = LocalCivilRegistry(database: database, index: Self.index)
            let siti = try await registry.lookup(nik: "3201014107850123")
            #expect(siti?.fullName == "AMINAH, SITI")
            #expect(siti?.birthDate == CalendarDate(year: 1985, month: 7, day: 1))
            #expect(try await registry.lookup(nik: "3201010112900006")?.isAlive == false)
            #expect(try await registry.lookup(nik: "3201010112900009") == nil)

            // The registry's latest word wins.
            let update = try write(
                "nik,kk,full_name,birth_date,alive\n3201010112900001,3201012203150007,BUDI SANTOSO,1990-12-01,false\n")
            #expect(try await importer(database).importFile(at: update).imported == 1)
            #expect(try await registry.lookup(nik: "3201010112900001")?.isAlive == false)
            #expect(try await database.read { try await RegistryRecordStore($0).count() } == 3)
        }
    }

    @Test func aFileWithoutTheColumnsIsRefused() async throws {
        let file = try write("nik,nama\n3201014107850123,Siti\n")
        try await TestDatabase.with(.sqlite) { database in
            let refusal = await #expect(throws: RegistryRow.HeaderError.self) {
                try await importer(database).importFile(at: file)
            }
            #expect(refusal == RegistryRow.HeaderError(missing: ["kk", "full_name", "birth_date", "alive"]))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func theDemoPopulationLoadsOnceAndAnswersLikeTheRegistry(engine: TestEngine) async throws {
        let population = SyntheticPopulation(
            size: 500, seed: 7, districtCodes: Array(RegionTable.bundled.districts.keys))
        try await TestDatabase.with(engine) { database in
            try await importer(database).loadIfEmpty(population)
            try await importer(database).loadIfEmpty(population)
            #expect(try await database.read { try await RegistryRecordStore($0).count() } == 500)
            let registry = LocalCivilRegistry(database: database, index: Self.index)
            for person in population.people.prefix(20) {
                #expect(try await registry.lookup(nik: person.nik) == person)
            }
        }
    }
}
