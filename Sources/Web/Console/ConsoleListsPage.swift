import Application
import Domain
import Foundation
import Hummingbird
import Storage

/// `/konsol/daftar`: importing an exclusion or priority list pasted as CSV with an `nik`
/// column (what `prakerja lists import` does with a file), and the last import's report.
struct ConsoleListsPage {
    let platform: Platform

    struct ImportForm: Decodable {
        var kind: String?
        var csv: String?
    }

    func add(signedIn router: some RouterMethods<ConsoleRequestContext>) {
        let strings = platform.strings
        let lists = platform.services.lists
        let page = ConsolePage(strings: strings)

        router.get("/daftar") { request, context in
            let locale = context.locale
            let query = request.uri.queryParameters
            func count(_ name: String) -> String? {
                query[Substring(name)].flatMap { Int(String($0)) }.map { NumberFormat.grouped($0, locale: locale) }
            }
            let rejectedLines = (query["baris"].map(String.init) ?? "").split(separator: ",").compactMap {
                Int($0)
            }.prefix(20)
            var values: [String: Any] = [
                "kinds": ListKind.allCases.map {
                    ["value": $0.rawValue, "name": strings.text("console.list.\($0.rawValue)", locale)]
                },
                "hasReport": count("diterima") != nil,
                "accepted": count("diterima") ?? "0", "duplicates": count("duplikat") ?? "0",
                "rejected": count("ditolak") ?? "0",
                "rejectedLines": rejectedLines.map(String.init).joined(separator: ", "),
            ]
            values.merge(page.notices(request, locale: locale)) { _, new in new }
            return page.render("console-lists", titleKey: "console.lists_title", context: context, values: values)
        }

        router.post("/daftar") { request, context in
            // A form is at most 64 KB (a few thousand NIKs); larger lists go through
            // `prakerja lists import FILE`, which streams them.
            let form = try await PageForms.decode(ImportForm.self, from: request, context: context)
            guard let kind = form.kind.flatMap(ListKind.init(rawValue:)) else {
                return ConsolePage.after("/konsol/daftar", refused: "unknown_list")
            }
            guard let csv = form.csv, !csv.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return ConsolePage.after("/konsol/daftar", refused: "empty_list")
            }
            let report: ListImporter.Report
            do {
                report = try await lists.importText(csv, kind: kind, as: context.principal)
            } catch is ListRow.HeaderError {
                return ConsolePage.after("/konsol/daftar", refused: "list_without_nik")
            } catch is CSVRows.Unreadable {
                return ConsolePage.after("/konsol/daftar", refused: "list_unreadable")
            }
            let lines = report.rejectedLines.prefix(20).map { String($0.line) }.joined(separator: ",")
            return PageForms.redirect(
                to:
                    "/konsol/daftar?ok=imported&diterima=\(report.accepted)&duplikat=\(report.duplicates)&ditolak=\(report.rejected)&baris=\(lines)"
            )
        }
    }
}
