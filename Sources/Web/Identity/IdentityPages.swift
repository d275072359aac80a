import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// `/data-diri`: the profile with NIK and KK, submitted for the civil-registry check.
struct IdentityPages {
    let platform: Platform
    var renderer: PageRenderer { .shared }

    /// The form's controls that are not profile fields.
    struct Controls: Decodable {
        /// "regions" re-shows the form with the next region choices; anything else submits.
        var action: String?
        var sameAsKtp: Bool?
    }

    func add(signedIn router: some RouterMethods<SignedInRequestContext>) {
        let strings = platform.strings
        let identity = platform.identity
        let clock = platform.clock

        @Sendable func page(
            _ form: ProfileForm, errors: [String: String], sameAsKtp: Bool, context: SignedInRequestContext,
            status: HTTPResponse.Status = .ok
        ) -> Response {
            let warnings = form.validate(regions: .bundled, today: CalendarDate.inJakarta(clock.now())).warnings
            let view = IdentityFormView(
                form: form, errors: errors, warnings: warnings, sameAsKtp: sameAsKtp, strings: strings,
                locale: context.locale, regions: .bundled)
            return renderer.render(
                "identity", titleKey: "identity.title", context: context, strings: strings, values: view.values(),
                status: status)
        }

        router.get("/data-diri") { _, context in
            let account = context.account
            if try await identity.status(accountID: account.id) != nil { return PageForms.redirect(to: "/dasbor") }
            return page(ProfileForm(), errors: [:], sameAsKtp: false, context: context)
        }

        router.post("/data-diri") { request, context in
            let account = context.account
            let body = try await PageForms.body(of: request, context: context)
            var form = try PageForms.decode(ProfileForm.self, from: body)
            let controls = try PageForms.decode(Controls.self, from: body)
            let sameAsKtp = controls.sameAsKtp == true
            if sameAsKtp {
                (form.currentStreet, form.currentProvince, form.currentRegency) =
                    (form.ktpStreet, form.ktpProvince, form.ktpRegency)
                (form.currentDistrict, form.currentVillage) = (form.ktpDistrict, form.ktpVillage)
            }
            if controls.action == "regions" {
                return page(form, errors: [:], sameAsKtp: sameAsKtp, context: context)
            }
            do {
                _ = try await identity.submit(accountID: account.id, form: form, client: context.clientAddress)
                return PageForms.redirect(to: "/dasbor")
            } catch IdentityService.Failure.invalid(let errors) {
                return page(form, errors: errors, sameAsKtp: sameAsKtp, context: context, status: .unprocessableContent)
            } catch IdentityService.Failure.nikClaimed {
                return page(
                    form, errors: ["nik": "nik_claimed"], sameAsKtp: sameAsKtp, context: context, status: .conflict)
            } catch IdentityService.Failure.alreadySubmitted {
                return PageForms.redirect(to: "/dasbor")
            }
        }
    }
}
