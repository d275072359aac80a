import Application
import Domain
import Testing

/// The shipped Kemendagri tables: complete, and good enough to read real-shaped NIKs.
@Suite struct BundledRegionTableTests {
    @Test func holdsEveryCodeFromSOURCE() {
        let regions = RegionTable.bundled
        #expect(regions.provinces.count == 38)
        #expect(regions.regencies.count == 514)
        #expect(regions.districts.count == 7285)
        #expect(regions.retired.count == 620)
        #expect(regions.regencies["3201"]?.name == "Kabupaten Bogor")
        #expect(regions.districts["317101"]?.name == "Gambir")
        #expect(regions.retired["910101"] == "930101")
        for (code, regency) in regions.regencies {
            #expect(regions.provinces[regency.parentCode ?? ""] != nil, "\(code)")
        }
        for (code, district) in regions.districts {
            #expect(regions.regencies[district.parentCode ?? ""] != nil, "\(code)")
        }
    }

    @Test func villagesNestUnderTheirDistrictsAndPickersListByName() {
        let regions = RegionTable.bundled
        #expect(regions.villages.count == 83762)
        // Quoted names with commas are read whole.
        #expect(regions.villages["1207281007"]?.name == "Lubuk Pakam I,II")
        #expect(regions.subdivisions(of: nil).count == 38)
        let bogor = regions.subdivisions(of: "320101")
        #expect(bogor.map(\.name) == bogor.map(\.name).sorted())
        #expect(bogor.contains { $0.code == "3201011001" && $0.name == "Pondok Rajeg" })
        #expect(regions.subdivisions(of: "32").allSatisfy { $0.parentCode == "32" && $0.code.count == 4 })
        #expect(regions.subdivisions(of: "3201011001").isEmpty)
        var orphans = 0
        for village in regions.villages.values where regions.districts[village.parentCode ?? ""] == nil {
            orphans += 1
        }
        #expect(orphans == 0)
    }

    @Test(arguments: [
        "5171016506880002", "1101010101010001", "9604015512990001", "9201010112900001", "6571011010700001",
    ])
    func acceptsNIKsFromAcrossTheCountry(_ input: String) {
        let result = NIK.check(input, regions: .bundled, today: CalendarDate(year: 2026, month: 11, day: 29))
        #expect(result.isAcceptable, "\(result.findings)")
    }
}

@Suite struct EligibilityMessageTests {
    @Test func everyReasonHasASentenceInBothLanguages() {
        let reasons: [IneligibilityReason] =
            [
                .tooYoung(minimum: 18), .tooOld(maximum: 64), .citizenAbroad, .inFormalEducation, .socialAidRecipient,
                .previousRecipient, .blacklisted, .familyCardCapReached(cap: 2),
            ] + ExcludedGroup.allCases.flatMap { [.declaredExcludedGroup($0), .listedExcludedGroup($0)] }
        for reason in reasons {
            for locale in AppLocale.allCases {
                let text = StringTable.bundled.text(reason.messageKey, locale, reason.messageValues)
                #expect(text != reason.messageKey, "\(reason.code) has no \(locale.rawValue) sentence")
                #expect(!text.contains("{"), "\(reason.code): unfilled placeholder in \(text)")
            }
        }
    }
}
