import Application
import Domain
import Foundation
import Storage

/// What the benchmarks seed and how they time: people who joined a wave, written straight
/// into the stores (the benchmarks measure what comes after).
public enum BenchmarkSeed {
    /// A new open wave (the next number) with `places` spread evenly over `provinces`.
    public static func openWave(_ waves: WaveService, places: Int, provinces: [String], now: Date) async throws -> Wave
    {
        let number = (try await waves.waves().map(\.number).max() ?? 0) + 1
        var quotas: [String: Int] = [:]
        for (index, code) in provinces.enumerated() {
            quotas[code] = places / provinces.count + (index < places % provinces.count ? 1 : 0)
        }
        return try await waves.create(
            .init(
                number: number, opensAt: now.addingTimeInterval(-86_400), closesAt: now.addingTimeInterval(3600),
                schemeCode: "2023", schemeVersion: 1, totalQuota: places, reservedQuota: 0, groupQuotas: quotas,
                publicSource: "benchmark"), as: .localDeveloper)
    }

    /// Seeds people who joined `wave`: accounts, verified profiles, eligible decisions,
    /// verified phones, and their entries, in transactions of 2,000.
    public static func entrants(entries: Int, wave: Wave, provinces: [String], database: any DatabaseClient, now: Date)
        async throws
    {
        let batch = 2_000
        for first in stride(from: 0, to: entries, by: batch) {
            let range = first..<min(first + batch, entries)
            try await database.transaction { connection in
                let pending = try range.map { index in
                    AccountStore.Pending(
                        id: UUID().uuidString.lowercased(),
                        email: try EmailAddress("peserta\(index)@bench.contoh.co.id"),
                        locale: .indonesian, codeNonce: "n", createdAt: now, cipher: connection.cipher)
                }
                _ = try await AccountStore(connection).insertPending(pending)
                for (offset, index) in range.enumerated() {
                    let id = pending[offset].id
                    let province = provinces[index % provinces.count]
                    let nik = "\(province)0101" + String(format: "4107%02d%04d", 86, index % 10_000)
                    let kk = String(format: "%@01012203%06d", province, index / 2)
                    let details = try sampleProfile(nik: nik, kk: kk, province: province)
                    _ = try await ProfileStore(connection).insert(
                        accountID: id, nikHash: "nik-\(index)", kkHash: "kk-\(index / 2)", details: details, now: now)
                    try await EligibilityStore(connection).insert(
                        EligibilityRecord(
                            id: "e-\(id)", accountID: id, schemeCode: "2023", schemeVersion: 1,
                            decidedFor: "2026-12-01", isEligible: true, reasons: [], decidedAt: now))
                    let phones = PhoneVerificationStore(connection)
                    try await phones.start(
                        accountID: id, phone: String(format: "+62812%08d", index), phoneHash: "p-\(index)", nonce: "n",
                        resendCount: 0, now: now)
                    _ = try await phones.markVerified(accountID: id, nonce: "n", now: now)
                    _ = try await WaveStore(connection).insert(
                        WaveEntryRecord(
                            id: String(format: "e%07d", index), waveID: wave.id, accountID: id, group: province,
                            priority: false, household: "h\(index / 2)", joinedAt: now))
                }
            }
        }
    }

    /// A profile as the identity form stores it (born 1 July 1986, in `province`).
    public static func sampleProfile(nik: String, kk: String, province: String) throws -> String {
        let address: [String: Any] = [
            "street": "Jl. Contoh 1", "provinceCode": province, "regencyCode": "\(province)01",
            "districtCode": "\(province)0101", "villageCode": "\(province)01012001",
        ]
        let fields: [String: Any] = [
            "nik": nik, "familyCardNumber": kk, "fullName": "SITI AMINAH",
            "birthDate": ["year": 1986, "month": 7, "day": 1], "sex": "female", "ktpAddress": address,
            "currentAddress": address, "education": "sma", "maritalStatus": "single", "dependants": 0,
            "employment": "unemployed", "trainingInterest": "", "notInFormalEducation": true, "declaredGroups": [],
            "honestyStatement": true,
        ]
        let data = try JSONSerialization.data(withJSONObject: fields)
        _ = try JSONDecoder().decode(Profile.self, from: data)
        return String(decoding: data, as: UTF8.self)
    }

}

/// Seconds in a duration, as a double.
public func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// The value at `fraction` (0.5, 0.99) of sorted samples.
public func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.down)))]
}
