import Application
import Domain
import Foundation
import Hummingbird

/// `/bantuan`: the questions applicants ask most, answered in plain words, and where to write
/// when the answers are not enough. It waits in no line (`AdmissionLine`): a person who cannot
/// get in must still be able to read why.
struct HelpPage {
    let platform: Platform

    /// The questions in the order the page shows them; each is `help.q.<id>` and `help.a.<id>`
    /// in the string tables, and `#<id>` on the page so other pages can link to one answer.
    static let questions = [
        "who", "nik", "code", "antrean", "not_selected", "training", "incentive", "data",
    ]

    func add(public router: some RouterMethods<AppRequestContext>) {
        let strings = platform.strings
        let contact = platform.configuration.contactEmail
        router.get("/bantuan") { _, context in
            let locale = context.locale
            let questions = Self.questions.map { id in
                [
                    "id": id, "question": strings.text("help.q.\(id)", locale),
                    "answer": strings.text("help.a.\(id)", locale),
                ]
            }
            return PageRenderer.shared.render(
                "help", titleKey: "help.title", context: context, strings: strings,
                values: [
                    "questions": questions, "contactEmail": contact,
                    "contactText": strings.text("help.contact_text", locale, ["email": contact]),
                ])
        }
    }
}
