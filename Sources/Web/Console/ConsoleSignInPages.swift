import Application
import Domain
import Foundation
import Hummingbird
import Storage

/// `/konsol/masuk` (username, password and the authenticator's code), `/konsol/keluar`, and the
/// console's home page `/konsol` with what the operator's roles let them do.
struct ConsoleSignInPages {
    let platform: Platform

    struct SignInForm: Decodable {
        var username: String?
        var password: String?
        var code: String?
    }

    func add(public router: some RouterMethods<AppRequestContext>, signedIn: some RouterMethods<ConsoleRequestContext>)
    {
        let strings = platform.strings
        let operators = platform.operators
        let secure = platform.configuration.secureCookies
        let page = ConsolePage(strings: strings)

        router.get("/masuk") { _, context in
            if context.operatorRecord != nil { return PageForms.redirect(to: "/konsol") }
            return page.renderer.render(
                "console-login", titleKey: "console.login_title", context: context, strings: strings)
        }

        router.post("/masuk") { request, context in
            let form = try await PageForms.decode(SignInForm.self, from: request, context: context)
            do {
                let session = try await operators.login(
                    username: form.username ?? "", password: form.password ?? "", code: form.code ?? "",
                    client: context.clientAddress,
                    device: request.cookies[ConsoleSessionMiddleware.deviceCookieName]?.value)
                var response = PageForms.redirect(to: "/konsol")
                response.setCookie(ConsoleSessionMiddleware.sessionCookie(session, secure: secure))
                response.setCookie(ConsoleSessionMiddleware.deviceCookie(session.deviceToken, secure: secure))
                return response
            } catch let failure as OperatorService.Failure {
                return page.renderer.render(
                    "console-login", titleKey: "console.login_title", context: context, strings: strings,
                    values: [
                        "username": form.username ?? "",
                        "problem": strings.text("error.\(failure.code)", context.locale),
                    ],
                    status: failure == .accountThrottled ? .tooManyRequests : .unauthorized)
            }
        }

        signedIn.post("/keluar") { _, context in
            try await operators.logout(token: context.sessionToken)
            var response = PageForms.redirect(to: "/konsol/masuk")
            response.setCookie(ConsoleSessionMiddleware.clearedSessionCookie(secure: secure))
            return response
        }

        signedIn.get("/") { _, context in
            let roles = context.operatorRecord.roles
            let sections: [[String: String]] = [
                (OperatorPermission.runProgramme, "/konsol/gelombang", "console.section_waves"),
                (.controlWaitingRoom, "/konsol/antrean", "console.section_waiting_room"),
                (.importLists, "/konsol/daftar", "console.section_lists"),
            ].filter { roles.allows($0.0) }.map { _, path, key in
                [
                    "path": path, "name": strings.text(key, context.locale),
                    "lead": strings.text("\(key)_lead", context.locale),
                ]
            }
            return page.render(
                "console-home", titleKey: "console.home_title", context: context,
                values: ["sections": sections, "hasSections": !sections.isEmpty])
        }
    }
}
