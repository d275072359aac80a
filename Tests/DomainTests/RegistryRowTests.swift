import Domain
import Testing

@Suite struct RegistryRowTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 29)

    @Test func columnsAreFoundByNameInAnyOrder() throws {
        let layout = try RegistryRow.layout(header: ["\u{FEFF}ALIVE", "birth_date", "full_name", "kk", "nik"])
        let row = ["ya", "1985-07-01", "AMINAH, SITI", "3201012203150007", "3201014107850123"]
        let record = try RegistryRow.record(in: row, layout: layout, regions: NIKTests.regions, today: Self.today)
            .get()
        #expect(record.nik == "3201014107850123")
        #expect(record.fullName == "AMINAH, SITI")
        #expect(record.isAlive)
        #expect(throws: RegistryRow.HeaderError(missing: ["alive"])) {
            try RegistryRow.layout(header: ["nik", "kk", "full_name", "birth_date"])
        }
    }

    @Test(arguments: [
        ("3201014107850123,3201012203150007,SITI,1985-07-01,tidak", nil),
        ("3201014107850123,3201012203150007,,1985-07-01,true", RegistryRow.Rejection.invalidName),
        ("3201014107850123,3201012203150007,SITI,01-07-1985,true", .invalidBirthDate),
        ("3201014107850123,32010122031500,SITI,1985-07-01,true", .invalidKK),
        ("3201014107850000,3201012203150007,SITI,1985-07-01,true", .invalidNIK),
        ("3201014107850123,3201012203150007,SITI,1985-07-01", .wrongColumnCount),
    ])
    func eachLineIsAcceptedOrRejectedWithItsReason(line: String, rejection: RegistryRow.Rejection?) throws {
        let layout = try RegistryRow.layout(header: ["nik", "kk", "full_name", "birth_date", "alive"])
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let result = RegistryRow.record(in: fields, layout: layout, regions: NIKTests.regions, today: Self.today)
        switch result {
        case .success(let record):
            #expect(rejection == nil)
            #expect(!record.isAlive)
        case .failure(let error):
            #expect(error.reason == rejection)
        }
    }

    @Test func isoDatesParseOnlyInTheirShape() {
        #expect(CalendarDate(iso: "1985-07-01") == CalendarDate(year: 1985, month: 7, day: 1))
        #expect(CalendarDate(iso: "1985-7-1") == nil)
        #expect(CalendarDate(iso: "85-07-01") == nil)
        #expect(CalendarDate(iso: "1985-02-30")?.exists == false)
    }
}
