import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// `/statistik`: the funnel with each stage's share of registrations, as the 2020 press
/// releases gave it ("1.063.028 terverifikasi email (73,85%)").
struct StatisticsPage {
    let platform: Platform

    func add(public router: some RouterMethods<AppRequestContext>) {
        let strings = platform.strings
        let statistics = platform.statistics
        router.get("/statistik") { _, context in
            let counts = try await statistics.counts()
            let locale = context.locale
            let rows: [[String: String]] = FunnelStage.allCases.map { stage in
                let count = NumberFormat.grouped(counts[stage], locale: locale)
                let share =
                    counts.shareOfRegistered(stage).map { NumberFormat.percent(hundredths: $0, locale: locale) } ?? "–"
                let name = strings.text("stage.\(stage.rawValue)", locale)
                return [
                    "code": stage.rawValue, "name": name, "count": count, "share": share,
                    "summary": strings.text(
                        "stats.summary", locale,
                        [
                            "count": count, "phrase": strings.text("stats.phrase.\(stage.rawValue)", locale),
                            "share": share,
                        ]),
                ]
            }
            return PageRenderer.shared.render(
                "statistics", titleKey: "stats.title", context: context, strings: strings, values: ["rows": rows])
        }
    }
}
