import Application
import Domain
import Foundation
import Hummingbird

/// `/konsol/penyelesaian` (finance): the settlement runs with their totals, a button that runs
/// one, and each run's file (`/konsol/penyelesaian/{id}.csv`).
struct ConsoleSettlementPage {
    let platform: Platform

    func add(signedIn router: some RouterMethods<ConsoleRequestContext>) {
        let strings = platform.strings
        let settlements = platform.services.settlements
        let page = ConsolePage(strings: strings)

        router.get("/penyelesaian") { request, context in
            let locale = context.locale
            let runs: [[String: String]] = try await settlements.settlements(as: context.principal).map { run in
                [
                    "id": run.id, "date": DateText.jakarta(run.createdAt, locale: locale),
                    "lines": NumberFormat.grouped(run.lines.count, locale: locale), "total": run.total.description,
                ]
            }
            var values: [String: Any] = ["runs": runs, "empty": runs.isEmpty]
            values.merge(page.notices(request, locale: locale)) { _, new in new }
            return page.render(
                "console-settlements", titleKey: "console.settlements_title", context: context, values: values)
        }

        router.post("/penyelesaian") { _, context in
            let settlement = try await settlements.run(as: context.principal)
            return ConsolePage.after(
                "/konsol/penyelesaian", done: settlement.lines.isEmpty ? "nothing_to_settle" : "settled")
        }

        router.get("/penyelesaian/{file}") { _, context in
            let file = context.parameters.get("file") ?? ""
            guard file.hasSuffix(".csv"),
                let settlement = try await settlements.settlement(id: String(file.dropLast(4)), as: context.principal)
            else { throw HTTPError(.notFound) }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                    .contentDisposition: "attachment; filename=\"penyelesaian-\(settlement.id).csv\"",
                ],
                body: .init(byteBuffer: ByteBuffer(string: settlement.csv)))
        }
    }
}
