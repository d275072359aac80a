import Application
import Domain
import Foundation
import Hummingbird

/// `/konsol/tinjauan`: the review list: purchase bursts (many cards buying one course through
/// one platform within minutes), newest first; and participants who never started (paid a week
/// ago, not redeemed) or never finished (the schedule ended, no completion).
struct ConsoleReviewListPage {
    let platform: Platform

    func add(signedIn router: some RouterMethods<ConsoleRequestContext>) {
        let strings = platform.strings
        let reviewList = platform.services.reviewList
        let page = ConsolePage(strings: strings)

        router.get("/tinjauan") { request, context in
            let locale = context.locale
            let entries: [[String: String]] = try await reviewList.recent(as: context.principal).map { entry in
                [
                    "kind": strings.text("console.review_kind.\(entry.flag.kind.rawValue)", locale),
                    "partner": entry.partnerName, "course": entry.courseTitle,
                    "count": NumberFormat.grouped(entry.flag.count, locale: locale),
                    "window": DateText.jakarta(entry.flag.windowStart, locale: locale),
                ]
            }
            let stalled: [[String: String]] = try await reviewList.stalled(as: context.principal).map { entry in
                [
                    "purchase": entry.stalled.purchaseID, "course": entry.courseTitle, "platform": entry.platformName,
                    "state": strings.text("console.stalled.\(entry.stalled.state.rawValue)", locale),
                    "since": DateText.jakarta(entry.stalled.since, locale: locale),
                ]
            }
            var values: [String: Any] = [
                "flags": entries, "empty": entries.isEmpty, "stalled": stalled, "noStalled": stalled.isEmpty,
            ]
            values.merge(page.notices(request, locale: locale)) { _, new in new }
            return page.render(
                "console-review-list", titleKey: "console.review_title", context: context, values: values)
        }
    }
}
