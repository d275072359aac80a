import Application
import Domain
import Foundation
import Hummingbird
import Storage

/// `/konsol/antrean`: the waiting room's line, and scheduling or clearing an opening (what
/// `prakerja waiting-room open|clear` does).
struct ConsoleWaitingRoomPage {
    let platform: Platform

    struct ScheduleForm: Decodable {
        var opening: String?
        var randomise: String?
        var clear: String?
    }

    func add(signedIn router: some RouterMethods<ConsoleRequestContext>) {
        let strings = platform.strings
        let operators = platform.operators
        let page = ConsolePage(strings: strings)

        router.get("/antrean") { request, context in
            let locale = context.locale
            let status = try await operators.waitingRoomStatus(as: context.principal)
            var values: [String: Any] = [
                "admittedThrough": NumberFormat.grouped(Int(status.admittedThrough), locale: locale),
                "placedWaiting": NumberFormat.grouped(Int(status.placedWaiting), locale: locale),
                "unplaced": NumberFormat.grouped(status.unplaced, locale: locale),
                "opening": PageRenderer.optional(status.openingAt.map { DateText.jakarta($0, locale: locale) }),
                "randomise": status.randomise,
                "enabled": platform.configuration.waitingRoomEnabled,
            ]
            values.merge(page.notices(request, locale: locale)) { _, new in new }
            return page.render(
                "console-waiting-room", titleKey: "console.waiting_room_title", context: context, values: values)
        }

        router.post("/antrean") { request, context in
            let form = try await PageForms.decode(ScheduleForm.self, from: request, context: context)
            if form.clear != nil {
                try await operators.scheduleWaitingRoom(openingAt: nil, randomise: false, as: context.principal)
                return ConsolePage.after("/konsol/antrean", done: "opening_cleared")
            }
            guard let opening = ConsoleTime.parse(form.opening) else {
                return ConsolePage.after("/konsol/antrean", refused: "invalid_time")
            }
            try await operators.scheduleWaitingRoom(
                openingAt: opening, randomise: form.randomise == "yes", as: context.principal)
            return ConsolePage.after("/konsol/antrean", done: "opening_scheduled")
        }
    }
}
