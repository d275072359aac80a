import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// `/statistik`: the funnel with each stage's count and share of registrations (as the 2020
/// press releases gave it), once, in one table.
struct StatisticsPage {
    let platform: Platform

    func add(public router: some RouterMethods<AppRequestContext>) {
        let strings = platform.strings
        let statistics = platform.statistics
        let waves = platform.services.waves
        let regions = RegionTable.bundled
        let clock = platform.clock
        router.get("/statistik") { _, context in
            let counts = try await statistics.counts()
            let locale = context.locale
            let rows: [[String: String]] = FunnelStage.allCases.map { stage in
                let count = NumberFormat.grouped(counts[stage], locale: locale)
                let share =
                    counts.shareOfRegistered(stage).map { NumberFormat.percent(hundredths: $0, locale: locale) } ?? "–"
                let name = strings.text("stage.\(stage.rawValue)", locale)
                return ["code": stage.rawValue, "name": name, "count": count, "share": share]
            }
            let now = clock.now()
            let waveFigures: [[String: Any]] = try await waves.figures().map { figures in
                [
                    "number": figures.wave.number,
                    "phase": strings.text("wave.phase.\(figures.wave.phase(at: now).rawValue)", locale),
                    "drawn": figures.wave.drawnAt != nil,
                    "groups": figures.groups.map { group in
                        [
                            "name": regions.provinces[group.code]?.name ?? regions.regencies[group.code]?.name
                                ?? group.code,
                            "entries": NumberFormat.grouped(group.entries, locale: locale),
                            "places": NumberFormat.grouped(group.places, locale: locale),
                            "selected": NumberFormat.grouped(group.selected, locale: locale),
                        ]
                    },
                ]
            }
            return PageRenderer.shared.render(
                "statistics", titleKey: "stats.title", context: context, strings: strings,
                values: ["rows": rows, "waves": waveFigures])
        }
    }
}
