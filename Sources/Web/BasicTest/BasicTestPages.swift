import Application
import Domain
import Foundation
import Hummingbird
import Storage

/// `/tes`: the basic test on a page, without JavaScript. Answers are saved with the button at
/// the bottom (or the finish button); the server keeps the time.
struct BasicTestPages {
    let platform: Platform
    var renderer: PageRenderer { .shared }

    func add(signedIn: some RouterMethods<SignedInRequestContext>) {
        let test = platform.services.basicTest
        let strings = platform.strings

        signedIn.get("/tes") { request, context in
            let locale = context.locale
            let standing = try await test.standing(accountID: context.account.id)
            var values: [String: Any] = [
                "refusal": PageRenderer.optional(
                    request.uri.queryParameters["galat"].map { strings.text("error.\($0)", locale) })
            ]
            switch standing {
            case .notTaken:
                values["notTaken"] = true
            case .passed:
                values["passed"] = true
            case .notPassed(let retakeAt):
                values["notPassed"] = true
                values["retakeAt"] = DateText.jakarta(retakeAt, locale: locale)
            case .inProgress(let sitting):
                values["inProgress"] = true
                values["deadline"] = DateText.jakarta(sitting.deadlineAt, locale: locale)
                values["questions"] = test.questions(of: sitting, locale: locale).enumerated().map { number, question in
                    [
                        "number": number + 1, "id": question.id,
                        "paragraphs": question.text.components(separatedBy: "\n\n"),
                        "options": question.options.enumerated().map { index, option in
                            [
                                "index": index, "text": option, "checked": sitting.answers[question.id] == index,
                                "inputID": "\(question.id)-\(index)",
                            ] as [String: Any]
                        },
                    ] as [String: Any]
                }
            }
            return renderer.render(
                "basic-test", titleKey: "test.title", context: context, strings: strings, values: values)
        }

        signedIn.post("/tes/mulai") { request, context in
            _ = try await PageForms.body(of: request, context: context)
            do {
                _ = try await test.start(accountID: context.account.id)
            } catch let failure as BasicTestService.Failure {
                return PageForms.redirect(to: "/tes?galat=\(failure.code)")
            }
            return PageForms.redirect(to: "/tes")
        }

        signedIn.post("/tes") { request, context in
            let form = try PageForms.decode(
                [String: String].self, from: try await PageForms.body(of: request, context: context))
            var answers: [String: Int] = [:]
            for (name, value) in form where name.hasPrefix("q_") {
                if let option = Int(value) { answers[String(name.dropFirst(2))] = option }
            }
            do {
                try await test.answer(accountID: context.account.id, answers)
                if form["action"] == "submit" { _ = try await test.submit(accountID: context.account.id) }
            } catch let failure as BasicTestService.Failure {
                // Time up: the sitting ended with what was saved before; the page shows the result.
                return PageForms.redirect(to: failure == .noSitting ? "/tes" : "/tes?galat=\(failure.code)")
            }
            return PageForms.redirect(to: "/tes")
        }
    }
}
