import Application
import Domain
import Foundation
import Hummingbird
import Storage

/// `/gelombang` (every wave, its commitment and, once drawn, its selection file) and
/// `POST /gelombang/gabung` (join the open wave from the dashboard, after the consent statements).
struct WavePages {
    let platform: Platform
    var renderer: PageRenderer { .shared }

    struct JoinForm: Decodable {
        var consent: String?
    }

    func add(public router: some RouterMethods<AppRequestContext>, signedIn: some RouterMethods<SignedInRequestContext>)
    {
        let strings = platform.strings
        let waves = platform.services.waves
        let clock = platform.clock

        router.get("/gelombang") { _, context in
            let now = clock.now()
            let locale = context.locale
            let list: [[String: Any]] = try await waves.waves().reversed().map { wave in
                let phase = wave.phase(at: now)
                return [
                    "number": wave.number, "phase": strings.text("wave.phase.\(phase.rawValue)", locale),
                    "opens": DateText.jakarta(wave.opensAt, locale: locale),
                    "closes": DateText.jakarta(wave.closesAt, locale: locale),
                    "quota": NumberFormat.grouped(wave.totalQuota, locale: locale), "commitment": wave.commitment,
                    "publicSource": wave.publicSource, "drawn": phase == .drawn,
                ]
            }
            return renderer.render(
                "waves", titleKey: "waves.title", context: context, strings: strings,
                values: ["waves": list, "hasWaves": !list.isEmpty])
        }

        signedIn.post("/gelombang/gabung") { request, context in
            let form = try await PageForms.decode(JoinForm.self, from: request, context: context)
            do {
                _ = try await waves.join(accountID: context.account.id, consented: form.consent == "yes")
            } catch let failure as WaveService.Failure {
                return PageForms.redirect(to: "/dasbor?gelombang=\(failure.code)")
            }
            return PageForms.redirect(to: "/dasbor")
        }
    }
}
