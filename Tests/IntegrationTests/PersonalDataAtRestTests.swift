import Foundation
import TestSupport
import Testing

/// A whole journey over HTTP (registration, identity with the registry check, phone), then the
/// database dumped as an attacker who copied it would see it: the person's email, NIK, family card
/// number, name and phone appear nowhere in it, nor in the server's log.
@Suite struct PersonalDataAtRestTests {
    @Test(arguments: TestEngine.allCases)
    func aDumpAndTheLogHoldNoPersonalData(engine: TestEngine) async throws {
        let server = try await ServerProcess.start(
            databaseURL: try await TestDatabase.makeURL(engine), environment: ["PRAKERJA_LOG_LEVEL": "debug"])
        let http = HTTP(server.baseURL)
        var secrets: [String] = []
        do {
            let token = try await IdentityAPITests().signedUp(http, email: "rahasia@contoh.co.id")
            let auth = ["Authorization": "Bearer \(token)"]
            let thisYear = Calendar(identifier: .gregorian).component(.year, from: Date())
            let person = try #require(
                try await http.get("/dev/identities.json").jsonArray.first { person in
                    let year = Int((person["birth_date"] as? String ?? "").prefix(4)) ?? 0
                    return (thisYear - 63...thisYear - 19).contains(year)
                })
            let nik = try #require(person["nik"] as? String)
            let district = String(nik.prefix(6))
            let village = try #require(
                try await http.get("/api/v1/regions/\(district)").jsonArray.first?["code"] as? String)
            let submitted = try await http.post(
                "/api/v1/me/identity", IdentityAPITests.form(for: person, village: village), headers: auth)
            #expect(submitted.status == 202)
            let deadline = ContinuousClock.now + .seconds(10)
            var stage = ""
            while ContinuousClock.now < deadline, stage != "identity_verified" {
                stage = try await http.get("/api/v1/me", headers: auth).json["stage"] as? String ?? ""
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(stage == "identity_verified")
            #expect(try await http.post("/api/v1/me/phone", ["phone": "0812-7777-3141"], headers: auth).status == 202)
            let code = try await http.latestSMSCode(to: "+6281277773141")
            #expect(try await http.post("/api/v1/me/phone/verify", ["code": code], headers: auth).status == 200)
            secrets = [
                "rahasia@contoh.co.id", nik, try #require(person["kk"] as? String),
                try #require(person["full_name"] as? String),
                "81277773141",
            ]
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()

        let dump = try await Self.dump(server.databaseURL, engine: engine)
        let holdsTheAccount = dump.contains("phone_verified")
        #expect(holdsTheAccount, "the dump should hold the account's rows")
        let log = server.log.joined(separator: "\n")
        for secret in secrets {
            // Booleans first, so a failure names the value's start instead of printing the dump.
            let inDump = dump.contains(secret)
            let inLog = log.contains(secret)
            #expect(!inDump, "the database dump contains \(secret.prefix(4))…")
            #expect(!inLog, "the server log contains \(secret.prefix(4))…")
        }
    }

    /// SQLite: the database file and its write-ahead log, byte for byte. PostgreSQL: `pg_dump`.
    static func dump(_ url: String, engine: TestEngine) async throws -> String {
        switch engine {
        case .sqlite:
            let path = String(url.dropFirst("sqlite:".count))
            var bytes = Data()
            for suffix in ["", "-wal"] {
                if let data = FileManager.default.contents(atPath: path + suffix) { bytes.append(data) }
            }
            return String(decoding: bytes, as: UTF8.self)
        case .postgres:
            let candidates = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
            let pgDump = try #require(
                candidates.sorted().reversed().map { "/usr/lib/postgresql/\($0)/bin/pg_dump" }
                    .first { FileManager.default.isExecutableFile(atPath: $0) },
                "pg_dump is needed to dump the database")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: pgDump)
            process.arguments = ["--dbname", url, "--data-only"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            return String(decoding: data, as: UTF8.self)
        }
    }
}
