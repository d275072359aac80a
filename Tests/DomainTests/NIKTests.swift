import Testing

@testable import Domain

/// NIK and KK checks against a small slice of the real Kemendagri tables.
@Suite struct NIKTests {
    static let regions = try! RegionTable(
        provinces: [["31", "DKI Jakarta"], ["32", "Jawa Barat"], ["91", "Papua"], ["93", "Papua Selatan"]],
        regencies: [
            ["3171", "31", "Kota Administrasi Jakarta Pusat"], ["3201", "32", "Kabupaten Bogor"],
            ["9301", "93", "Kabupaten Merauke"],
        ],
        districts: [["317101", "3171", "Gambir"], ["320101", "3201", "Cibinong"], ["930101", "9301", "Merauke"]],
        retired: [
            ["9101", "regency", "KAB. MERAUKE", "2016", "9301"], ["910101", "district", "Merauke", "2016", "930101"],
        ]
    )
    static let today = CalendarDate(year: 2026, month: 11, day: 29)

    func check(_ input: String) -> NIK.Check { NIK.check(input, regions: Self.regions, today: Self.today) }

    struct Case: Sendable, CustomStringConvertible {
        let input: String
        let birth: CalendarDate?
        let sex: NIK.Sex?
        let findings: Set<IdentityFinding.Code>
        var description: String { input }
    }

    @Test(arguments: [
        // Well-formed: male born 1 Dec 1990 in Cibinong, serial 1.
        Case(input: "3201010112900001", birth: .init(year: 1990, month: 12, day: 1), sex: .male, findings: []),
        // Spaces between groups are fine.
        Case(input: "3201 0101 1290 0001", birth: .init(year: 1990, month: 12, day: 1), sex: .male, findings: []),
        // Women: 40 added to the day.
        Case(input: "3171014107850123", birth: .init(year: 1985, month: 7, day: 1), sex: .female, findings: []),
        Case(input: "3171017112990002", birth: .init(year: 1999, month: 12, day: 31), sex: .female, findings: []),
        // Born this century.
        Case(input: "3171011503050001", birth: .init(year: 2005, month: 3, day: 15), sex: .male, findings: []),
        // Same two-digit year as today but later in the year: a century ago.
        Case(input: "3171011512260001", birth: .init(year: 1926, month: 12, day: 15), sex: .male, findings: []),
        Case(input: "3171012911260001", birth: .init(year: 2026, month: 11, day: 29), sex: .male, findings: []),
        // 29 Feb 2000 exists (2000 is a leap year); 29 Feb 2001/1901 does not.
        Case(input: "3171012902000001", birth: .init(year: 2000, month: 2, day: 29), sex: .male, findings: []),
        Case(
            input: "3171016902010001", birth: .init(year: 2001, month: 2, day: 29), sex: .female,
            findings: [.impossibleBirthDate]),
        // 31 April and 30 February: impossible, a warning (legacy data may hold such NIKs).
        Case(
            input: "3171013104900001", birth: .init(year: 1990, month: 4, day: 31), sex: .male,
            findings: [.impossibleBirthDate]),
        Case(
            input: "3171017002900001", birth: .init(year: 1990, month: 2, day: 30), sex: .female,
            findings: [.impossibleBirthDate]),
        // Day and month out of range are errors.
        Case(input: "3171013501900001", birth: nil, sex: nil, findings: [.invalidBirthDay]),
        Case(input: "3171010001900001", birth: nil, sex: nil, findings: [.invalidBirthDay]),
        Case(input: "3171017201900001", birth: nil, sex: nil, findings: [.invalidBirthDay]),
        Case(input: "3171011513900001", birth: nil, sex: .male, findings: [.invalidBirthMonth]),
        Case(input: "3171011500900001", birth: nil, sex: .male, findings: [.invalidBirthMonth]),
        // Serial 0000 does not exist.
        Case(
            input: "3201010112900000", birth: .init(year: 1990, month: 12, day: 1), sex: .male, findings: [.zeroSerial]),
        // Region: unknown province is an error, unknown regency too; unknown district a warning.
        Case(
            input: "1001010112900001", birth: .init(year: 1990, month: 12, day: 1), sex: .male,
            findings: [.unknownProvince]),
        Case(
            input: "9701010112900001", birth: .init(year: 1990, month: 12, day: 1), sex: .male,
            findings: [.unknownProvince]),
        Case(
            input: "3299010112900001", birth: .init(year: 1990, month: 12, day: 1), sex: .male,
            findings: [.unknownRegency]),
        Case(
            input: "3201990112900001", birth: .init(year: 1990, month: 12, day: 1), sex: .male,
            findings: [.unknownDistrict]),
        // Old Papua codes (before the 2022 split) stay valid.
        Case(input: "9101010112900001", birth: .init(year: 1990, month: 12, day: 1), sex: .male, findings: []),
        // NIT issued abroad: prefix 99, no region check.
        Case(input: "9912340112900001", birth: .init(year: 1990, month: 12, day: 1), sex: .male, findings: []),
    ])
    func reads(_ example: Case) throws {
        let result = check(example.input)
        let nik = try #require(result.nik)
        #expect(nik.birthDate == example.birth)
        #expect(nik.sex == example.sex)
        #expect(Set(result.findings.map(\.code)) == example.findings)
        let hasError = example.findings.contains { $0.severity == .error }
        #expect(result.isAcceptable == !hasError)
    }

    @Test(arguments: [
        "", "320101011290000", "32010101129000012", "3201O10112900001", "3201-0101-1290-0001", "３２０１０１０１１２９０００００１",
    ])
    func refusesAnythingButSixteenDigits(_ input: String) {
        let result = check(input)
        #expect(result.nik == nil)
        #expect(result.findings.map(\.code) == [.notSixteenDigits])
        #expect(!result.isAcceptable)
    }

    @Test func exposesItsParts() throws {
        let nik = try #require(check("3201014107850123").nik)
        #expect(nik.provinceCode == "32")
        #expect(nik.regencyCode == "3201")
        #expect(nik.districtCode == "320101")
        #expect(nik.serial == 123)
        #expect(!nik.isNIT)
        #expect(!nik.hasRetiredRegionCode)
        #expect(try #require(check("9101010112900001").nik).hasRetiredRegionCode)
        #expect(try #require(check("9912340112900001").nik).isNIT)
    }

    @Test func familyCardNumbersNeedSixteenDigitsAndAKnownRegion() {
        #expect(KKNumber.check("3201012203150007", regions: Self.regions).isAcceptable)
        #expect(KKNumber.check("3201 0122 0315 0007", regions: Self.regions).isAcceptable)
        #expect(KKNumber.check("9101012203150007", regions: Self.regions).isAcceptable)
        #expect(!KKNumber.check("1101012203150007", regions: Self.regions).isAcceptable)
        #expect(!KKNumber.check("3201012203", regions: Self.regions).isAcceptable)
        let unknownDistrict = KKNumber.check("3201772203150007", regions: Self.regions)
        #expect(unknownDistrict.isAcceptable)
        #expect(unknownDistrict.findings.map(\.code) == [.unknownDistrict])
    }

    @Test func calendarRules() {
        #expect(CalendarDate.isLeapYear(2000))
        #expect(!CalendarDate.isLeapYear(1900))
        #expect(CalendarDate.isLeapYear(2024))
        #expect(!CalendarDate.isLeapYear(2026))
        #expect(!CalendarDate(year: 2023, month: 2, day: 29).exists)
        #expect(CalendarDate(year: 2024, month: 2, day: 29).exists)
        #expect(CalendarDate(year: 1990, month: 12, day: 1).description == "1990-12-01")
    }

    @Test func malformedTablesAreReportedWithTheirLine() {
        #expect(throws: RegionTable.Malformed(file: "regencies", line: 3)) {
            try RegionTable(
                provinces: [["32", "Jawa Barat"]], regencies: [["3201", "32", "Bogor"], ["32", "x"]], districts: [],
                retired: [])
        }
    }
}
