import Application
import Foundation
import TestSupport
import Testing

/// The marketplace in the operator console over real HTTP: a partner applies and is approved,
/// gets a key (shown once) that signs its requests, submits a course that waits for review; the
/// operator asks for changes, the platform corrects it, the operator approves it and it is
/// listed; a suspension with a reason stops the partner's requests; the review list is there.
@Suite struct ConsoleMarketplaceTests {
    typealias Browser = PageTests.Browser

    @Test func partnersAndCoursesFromTheConsole() async throws {
        try await withServer(.sqlite) { server, http in
            let secret = try await OperatorAPITests.bootstrapAdmin(server.databaseURL)
            let admin = try await ConsolePageTests.signIn(http, "kepala", secret: secret)
            #expect(
                try await ConsolePageTests.submit(
                    admin, "/konsol/mitra", "/konsol/mitra",
                    [
                        "kind": "platform", "name": "Belajar Kerja", "legal_name": "PT Belajar Kerja Indonesia",
                        "contact_email": "mitra@belajarkerja.co.id", "documents": "akta.pdf\nnib.pdf",
                    ]) == "/konsol/mitra?ok=partner_applied")
            #expect(
                try await ConsolePageTests.submit(
                    admin, "/konsol/mitra", "/konsol/mitra", ["kind": "platform", "name": "", "documents": ""])
                    == "/konsol/mitra?galat=invalid_partner_application")
            let list = try await admin.request("GET", "/konsol/mitra")
            let id = try #require(
                list.text.range(of: #"partner-([0-9a-f-]{36})"><td>Belajar Kerja"#, options: .regularExpression).map {
                    String(list.text[$0].dropFirst("partner-".count).prefix(36))
                })
            #expect(
                try await ConsolePageTests.submit(admin, "/konsol/mitra", "/konsol/mitra/\(id)/setujui")
                    == "/konsol/mitra?ok=partner_approved")
            // The key is on the answer to the post, not in a redirect, and not cached.
            let form = try await admin.request("GET", "/konsol/mitra")
            let issued = try await admin.request(
                "POST", "/konsol/mitra/\(id)/kunci", form: ["_csrf": admin.csrf(in: form.text)])
            #expect(issued.status == 200)
            #expect(issued.header("Cache-Control") == "no-store")
            func code(_ element: String) throws -> String {
                let range = try #require(
                    issued.text.range(of: "id=\"\(element)\">[^<]+<", options: .regularExpression))
                return String(issued.text[range].dropFirst("id=\"\(element)\">".count).dropLast())
            }
            let platform = PartnerClient(
                http: http, clientCode: try code("client-code"), signingKey: try code("signing-key"))

            let (_, provider) = try await PartnerClient.sandbox(http)
            var course: [String: Any] = [
                "reference": "BK-1", "provider_code": provider.clientCode, "title": "Akuntansi Warung",
                "category": "finance", "description": "Mencatat kas harian.", "outcomes": ["Laporan kas"],
                "price": 400_000, "hours": 6, "mode": "online",
            ]
            let submitted = try await platform.send("POST", "/api/partner/v1/courses", course)
            #expect(submitted.status == 201, "\(submitted.text)")
            #expect(submitted.json["status"] as? String == "submitted")
            let courseID = try #require(submitted.json["id"] as? String)
            #expect(try await platform.send("POST", "/api/partner/v1/courses", ["reference": "x"]).status == 422)
            #expect(!(try await http.get("/pelatihan?q=akuntansi").text.contains("Akuntansi Warung")))

            let queue = try await admin.request("GET", "/konsol/kurasi")
            #expect(queue.text.contains("Akuntansi Warung"))
            #expect(
                try await ConsolePageTests.submit(
                    admin, "/konsol/kurasi", "/konsol/kurasi/\(courseID)", ["decision": "request_changes", "note": ""])
                    == "/konsol/kurasi?galat=note_required")
            #expect(
                try await ConsolePageTests.submit(
                    admin, "/konsol/kurasi", "/konsol/kurasi/\(courseID)",
                    ["decision": "request_changes", "note": "Tambahkan hasil belajar yang terukur."])
                    == "/konsol/kurasi?ok=course_request_changes")
            let sentBack = try await platform.send("GET", "/api/partner/v1/courses/\(courseID)")
            #expect(sentBack.json["status"] as? String == "changes_requested")
            #expect(sentBack.json["review_note"] as? String == "Tambahkan hasil belajar yang terukur.")
            course["outcomes"] = ["Laporan kas harian", "Laporan laba rugi bulanan"]
            #expect(
                try await platform.send("POST", "/api/partner/v1/courses", course).json["status"] as? String
                    == "submitted")
            #expect(
                try await ConsolePageTests.submit(
                    admin, "/konsol/kurasi", "/konsol/kurasi/\(courseID)", ["decision": "approve"])
                    == "/konsol/kurasi?ok=course_approve")
            let starts = ISO8601DateFormatter().string(from: Date().addingTimeInterval(7 * 86_400))
            let ends = ISO8601DateFormatter().string(from: Date().addingTimeInterval(14 * 86_400))
            let schedule = try await platform.send(
                "POST", "/api/partner/v1/courses/\(courseID)/schedules",
                ["starts_at": starts, "ends_at": ends, "seats": 40])
            #expect(schedule.status == 201, "\(schedule.text)")
            #expect(try await http.get("/pelatihan?q=akuntansi").text.contains("Akuntansi Warung"))
            #expect(try await http.get("/pelatihan/\(courseID)").text.contains("sisa 40 kursi"))

            // Suspended with a reason: its correct signatures are refused.
            #expect(
                try await ConsolePageTests.submit(
                    admin, "/konsol/mitra", "/konsol/mitra/\(id)/tangguhkan", ["reason": "Izin usaha kedaluwarsa"])
                    == "/konsol/mitra?ok=partner_suspended")
            let refused = try await platform.send("GET", "/api/partner/v1/courses/\(courseID)")
            #expect(refused.status == 403)
            #expect(refused.errorCode == "partner_not_active")
            #expect(try await admin.request("GET", "/konsol/mitra").text.contains("Izin usaha kedaluwarsa"))
            #expect(try await admin.request("GET", "/konsol/tinjauan").text.contains("id=\"review-empty\""))
            // Paying partners is finance's, not the admin's.
            #expect(try await admin.request("GET", "/konsol/penyelesaian").status == 403)
            let log = try await PrakerjaCommand.run(["audit", "verify"], databaseURL: server.databaseURL)
            #expect(log.status == 0, "\(log.output)")
        }
    }
}
