import Application
import Domain
import Foundation
import Hummingbird

/// `/konsol/kurasi`: the courses partners submitted, oldest first, each with an approve, ask
/// for changes or reject decision and a note for the partner (required unless approving).
struct ConsoleCuratorPages {
    let platform: Platform

    struct DecisionForm: Decodable {
        var decision: String?
        var note: String?
    }

    func add(signedIn router: some RouterMethods<ConsoleRequestContext>) {
        let strings = platform.strings
        let catalogue = platform.services.catalogue
        let page = ConsolePage(strings: strings)

        router.get("/kurasi") { request, context in
            let locale = context.locale
            let courses: [[String: Any]] = try await catalogue.reviewQueue(as: context.principal).map { listing in
                let details = listing.course.details
                return [
                    "id": listing.course.id, "title": details.title, "titleEnglish": details.titleEnglish,
                    "platform": listing.platformName, "provider": listing.providerName,
                    "category": strings.text("catalogue.category.\(details.category)", locale),
                    "mode": strings.text("catalogue.mode.\(details.mode.rawValue)", locale),
                    "price": details.price.description,
                    "hours": String(details.hours), "description": details.description,
                    "outcomes": details.outcomes,
                ]
            }
            var values: [String: Any] = ["courses": courses, "empty": courses.isEmpty]
            values.merge(page.notices(request, locale: locale)) { _, new in new }
            return page.render("console-curation", titleKey: "console.curation_title", context: context, values: values)
        }

        router.post("/kurasi/{id}") { request, context in
            let form = try await PageForms.decode(DecisionForm.self, from: request, context: context)
            guard let decision = form.decision.flatMap(CatalogueService.Decision.init(rawValue:)) else {
                return ConsolePage.after("/konsol/kurasi", refused: "course_wrong_status")
            }
            do {
                try await catalogue.decide(
                    courseID: context.parameters.get("id") ?? "", decision, note: form.note ?? "",
                    as: context.principal)
            } catch let failure as CatalogueService.Failure {
                return ConsolePage.after("/konsol/kurasi", refused: failure.code)
            }
            return ConsolePage.after("/konsol/kurasi", done: "course_\(decision.rawValue)")
        }
    }
}
