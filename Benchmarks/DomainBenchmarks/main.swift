// Throughput of the domain rules on the hot paths: reading an NIK (every identity submission
// and every row of a list import) and normalising an email (every registration).
// Run: swift run -c release DomainBenchmarks   (see BENCHMARKS.md)
import Application
import Benchmark
import Domain
import Foundation

// The shipped Kemendagri tables, as the server reads them.
let regions = RegionTable.bundled
let today = CalendarDate(year: 2026, month: 11, day: 29)

// 1,000 real-shaped NIKs over real district codes, fixed so runs compare.
var generator = SystemRandomNumberGenerator()
let districtCodes = Array(regions.districts.keys).sorted()
let niks: [String] = (0..<1000).map { index in
    let district = districtCodes[(index * 7919) % districtCodes.count]
    let day = 1 + index % 28 + (index % 2 == 0 ? 40 : 0)
    let month = 1 + index % 12
    let year = 60 + index % 40
    return district + String(format: "%02d%02d%02d%04d", day, month, year, 1 + index % 9999)
}
let emails = (0..<1000).map { "  Peserta.\($0)@Contoh-\($0 % 10).CO.ID " }

benchmark("NIK.check, 1,000 NIKs") {
    var acceptable = 0
    for nik in niks where NIK.check(nik, regions: regions, today: today).isAcceptable { acceptable += 1 }
    precondition(acceptable == niks.count)
}

benchmark("EmailAddress, 1,000 addresses") {
    var count = 0
    for email in emails { if (try? EmailAddress(email)) != nil { count += 1 } }
    precondition(count == emails.count)
}

// The lottery (SELECTION.md) over a wave of N entries in 34 provinces with 60 % of N places,
// 2 % of entries on priority lists, a family-card cap of 2 and shared households.
func wave(_ count: Int) -> (entries: [DrawEntry], quota: QuotaTable) {
    let provinces = Array(regions.provinces.keys).sorted().prefix(34)
    var groups: [String: Int] = [:]
    let entries = (0..<count).map { index in
        let province = provinces[provinces.index(provinces.startIndex, offsetBy: (index * 7919) % provinces.count)]
        return DrawEntry(
            id: "E" + String(index, radix: 16), group: province, priority: index % 50 == 0,
            household: "h" + String(index / 3, radix: 16))
    }
    for province in provinces { groups[province] = count * 6 / 10 / provinces.count }
    return (entries, QuotaTable(total: count * 6 / 10, reserved: count / 100, groups: groups))
}
let seed = DrawSeed(platformSeed: Array(repeating: 7, count: 32), publicValue: "drand quicknet round 1")
for size in [100_000, 1_000_000] {
    let (entries, quota) = wave(size)
    benchmark("SelectionDraw, \(size) entries", settings: Iterations(3)) {
        let results = SelectionDraw.draw(entries: entries, seed: seed, quota: quota, familyCardCap: 2)
        precondition(results.count == size)
    }
}

Benchmark.main()
