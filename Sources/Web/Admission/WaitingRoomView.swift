import Application
import Domain
import Foundation

/// What the waiting page says: which line, a ticket number that stays the same while the
/// person waits, how many people are ahead (that is the number that goes down), and an estimate.
struct WaitingRoomView {
    let line: AdmissionLine
    let position: Int64?
    let place: Int?
    let estimate: TimeInterval?
    let openingInFuture: Bool
    let refreshSeconds: Int

    func values(strings: StringTable, locale: AppLocale) -> [String: Any] {
        func text(_ key: String, _ values: [String: String] = [:]) -> String { strings.text(key, locale, values) }
        var values: [String: Any] = [
            "refreshSeconds": refreshSeconds, "lineTitle": text("waiting.title.\(line.rawValue)"),
            "lineLead": text("waiting.lead.\(line.rawValue)"),
        ]
        if let position {
            values["ticketText"] = text(
                "waiting.ticket", ["number": NumberFormat.grouped(Int(position), locale: locale)])
        } else {
            values["ticketText"] = text(openingInFuture ? "waiting.draw" : "waiting.placing")
        }
        values["aheadText"] = PageRenderer.optional(
            place.map { place in
                place <= 1
                    ? text("waiting.next")
                    : text("waiting.ahead", ["count": NumberFormat.grouped(place - 1, locale: locale)])
            })
        values["estimateText"] = PageRenderer.optional(
            estimate.map { text("waiting.estimate", ["minutes": String(max(1, Int(($0 / 60).rounded(.up))))]) })
        return values
    }
}
