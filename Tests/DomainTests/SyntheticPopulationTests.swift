import Testing

@testable import Domain

@Suite struct SyntheticPopulationTests {
    let districts = Array(NIKTests.regions.districts.keys)

    @Test func isDeterministicValidAndGroupedInFamilies() {
        let first = SyntheticPopulation(size: 2000, seed: 42, districtCodes: districts)
        let again = SyntheticPopulation(size: 2000, seed: 42, districtCodes: districts)
        let other = SyntheticPopulation(size: 2000, seed: 43, districtCodes: districts)
        #expect(first.people == again.people)
        #expect(first.people != other.people)
        #expect(first.people.count == 2000)
        #expect(Set(first.people.map(\.nik)).count == 2000)
        for person in first.people {
            let check = NIK.check(person.nik, regions: NIKTests.regions, today: NIKTests.today)
            #expect(check.isAcceptable && check.findings.isEmpty, "\(person.nik)")
            #expect(check.nik?.birthDate == person.birthDate)
            #expect(person.familyCardNumber.prefix(6) == person.nik.prefix(6))
        }
        let families = Dictionary(grouping: first.people, by: \.familyCardNumber)
        #expect(families.values.contains { $0.count > 1 })
        #expect(families.values.allSatisfy { $0.count <= 5 })
        #expect(first.record(nik: first.people[10].nik) == first.people[10])
        #expect(first.record(nik: "0000000000000000") == nil)
    }
}
