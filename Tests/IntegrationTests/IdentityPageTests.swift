import Foundation
import TestSupport
import Testing

/// The identity form over HTTP, as a browser without JavaScript uses it.
@Suite struct IdentityPageTests {
    @Test func theIdentityFormOffersRegionsLevelByLevelWithoutJavaScript() async throws {
        try await withServer(.sqlite) { _, http in
            let email = "dewi@contoh.co.id"
            _ = try await http.register(email)
            let code = try await http.latestCode(to: email)
            let verified = try await http.post(
                "/api/v1/accounts/verify", ["email": email, "code": code, "password": "kucing-hitam-9"])
            let browser = PageTests.Browser(http)
            browser.cookies["prakerja_session"] = try #require(verified.json["token"] as? String)

            let empty = try await browser.request("GET", "/data-diri")
            #expect(empty.status == 200)
            let token = browser.csrf(in: empty.text)
            #expect(Self.tag("select", id: "ktpRegency", in: empty.text)?.contains(" disabled") == true)
            #expect(try await browser.request("GET", "/ponsel").text.contains("Verifikasi NIK Anda terlebih dahulu"))

            // The district with the most villages in the tables (Papua Pegunungan, 108): the
            // fullest the form can be, still light.
            let chosen = [
                "ktpProvince": "95", "ktpRegency": "9506", "ktpDistrict": "950603", "nik": "3201014107850123",
                "action": "regions", "_csrf": token,
            ]
            let open = try await browser.request("POST", "/data-diri", form: chosen)
            #expect(open.status == 200)
            // With its stylesheet and script, still under 30 KB.
            let assets = try await http.get("/static/app.css").body.count + http.get("/static/identity.js").body.count
            #expect(open.body.count + assets < 30 * 1024, "the identity form is \(open.body.count) + \(assets) bytes")
            #expect(!open.text.contains("<script>"), "no inline script")
            #expect(open.text.contains("<script src=\"/static/identity.js\" defer></script>"))
            #expect(open.text.contains("<option value=\"9506\" selected>"))
            #expect(Self.tag("select", id: "ktpVillage", in: open.text)?.contains(" disabled") == false)
            // Without JavaScript, each "next choices" button comes back to its own section.
            #expect(open.text.contains("formaction=\"/data-diri#alamat-ktp\""))
            #expect(open.text.contains("<fieldset id=\"alamat-ktp\""))
            #expect(open.text.contains("value=\"3201014107850123\""))
            #expect(!open.text.contains("role=\"alert\""))
            for id in [
                "nik", "familyCardNumber", "fullName", "birthDate", "ktpVillage", "currentProvince", "dependants",
            ] {
                #expect(open.text.contains("<label for=\"\(id)\">"), "\(id) has no label")
            }

            // Submitting shows each problem beside its field, in the person's language.
            var submitted = chosen
            submitted["action"] = "submit"
            let refused = try await browser.request("POST", "/data-diri", form: submitted)
            #expect(refused.status == 422)
            #expect(refused.text.contains("id=\"fullName-error\" role=\"alert\">Kolom ini wajib diisi."))
            #expect(refused.text.contains("id=\"honesty-error\""))
            let english = try await browser.request("POST", "/data-diri?lang=en", form: submitted)
            #expect(english.text.contains("This field is required."))

            // A day-first date is read, shown back day first and in words; never as ISO.
            submitted["birthDate"] = "1-7-1985"
            let dated = try await browser.request("POST", "/data-diri?lang=id", form: submitted)
            #expect(dated.text.contains("value=\"01-07-1985\""))
            #expect(dated.text.contains("Terbaca: 1 Juli 1985"))
            #expect(
                try await browser.request("POST", "/data-diri?lang=en", form: submitted).text.contains("1 July 1985"))
            submitted["birthDate"] = "31-02-1985"
            let impossible = try await browser.request("POST", "/data-diri?lang=id", form: submitted)
            #expect(impossible.text.contains("id=\"birthDate-error\" role=\"alert\">Tanggal tidak valid."))
            #expect(impossible.text.contains("value=\"31-02-1985\""))
        }
    }

    /// The opening tag of the element with `id`.
    static func tag(_ name: String, id: String, in html: String) -> String? {
        guard let start = html.range(of: "<\(name) id=\"\(id)\"") else { return nil }
        return html[start.lowerBound...].prefix { $0 != ">" }.description
    }
}
