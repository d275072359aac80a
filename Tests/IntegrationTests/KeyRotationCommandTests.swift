import Foundation
import Storage
import TestSupport
import Testing

/// `prakerja keys rotate` while a server runs: data written under the old key is re-encrypted
/// under the new one, and a server holding only the new key reads it all.
@Suite struct KeyRotationCommandTests {
    @Test(arguments: TestEngine.allCases)
    func rotatingWhileTheServerRunsMovesEverythingToTheNewKey(engine: TestEngine) async throws {
        let url = try await TestDatabase.makeURL(engine)
        let old = try DataKey(id: "lama", bytes: Array(repeating: 0x11, count: 32))
        let new = try DataKey(id: "baru", bytes: Array(repeating: 0x22, count: 32))
        let phone = "+6281299990001"

        // Data under the old key: a verified identity and a phone being verified.
        let first = try await ServerProcess.start(databaseURL: url, environment: ["PRAKERJA_DATA_KEYS": old.line])
        let http = HTTP(first.baseURL)
        let token = try await IdentityAPITests().signedUp(http, email: "rotasi@contoh.id")
        let auth = ["Authorization": "Bearer \(token)"]
        let thisYear = Calendar(identifier: .gregorian).component(.year, from: Date())
        let person = try #require(
            try await http.get("/dev/identities.json").jsonArray.first { person in
                let year = Int((person["birth_date"] as? String ?? "").prefix(4)) ?? 0
                return (thisYear - 63...thisYear - 19).contains(year)
            })
        let district = String((person["nik"] as? String ?? "").prefix(6))
        let village = try #require(
            try await http.get("/api/v1/regions/\(district)").jsonArray.first?["code"] as? String)
        #expect(
            try await http.post(
                "/api/v1/me/identity", IdentityAPITests.form(for: person, village: village), headers: auth
            )
            .status == 202)
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline,
            try await http.get("/api/v1/me", headers: auth).json["stage"] as? String != "identity_verified"
        {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try await http.post("/api/v1/me/phone", ["phone": phone], headers: auth).status == 202)
        _ = try await http.latestSMSCode(to: phone)
        await first.stop()

        // The new key first, the old one still readable: restart, then rotate while it runs.
        let both = ["PRAKERJA_DATA_KEYS": "\(new.line),\(old.line)"]
        let second = try await ServerProcess.start(databaseURL: url, environment: both)
        let rotated = try await PrakerjaCommand.run(
            ["keys", "rotate", "--batch-size", "50"], databaseURL: url, environment: both)
        #expect(rotated.status == 0, "\(rotated.output)")
        #expect(rotated.output.contains("registry_records.record: 10000 re-encrypted under baru"), "\(rotated.output)")
        let status = try await PrakerjaCommand.run(["keys", "status"], databaseURL: url, environment: both)
        #expect(!status.output.contains("lama"), "\(status.output)")
        #expect(!status.output.contains("clear="), "\(status.output)")
        #expect(status.output.contains("profiles.details: baru=1"), "\(status.output)")
        await second.stop()

        // Without the old key everything still reads.
        let third = try await ServerProcess.start(databaseURL: url, environment: ["PRAKERJA_DATA_KEYS": new.line])
        let me = try await HTTP(third.baseURL).get("/api/v1/me", headers: auth).json
        #expect((me["identity"] as? [String: Any])?["status"] as? String == "verified")
        #expect((me["phone"] as? [String: Any])?["number"] as? String == phone)
        let audit = try await PrakerjaCommand.run(["audit", "verify"], databaseURL: url, environment: both)
        #expect(audit.status == 0, "\(audit.output)")
        await third.stop()
    }
}
