import Application
import Domain
import Foundation
import Storage

/// The dashboard's values in the reader's language: the one next step (its text, and its link
/// or form), and where the identity check, the eligibility decision and the phone stand.
struct DashboardView {
    let dashboard: DashboardService.Dashboard
    let strings: StringTable
    let locale: AppLocale

    /// While a check is pending the page reloads itself this often (no JavaScript needed).
    static let refreshSeconds = 10

    func values() -> [String: Any] {
        let profile = dashboard.profile
        let phone = dashboard.phone
        var values: [String: Any] = [
            "identityStatus": profile?.status.rawValue ?? "none",
            "identityText": text("identity.status.\(profile?.status.rawValue ?? "none")"),
            "identityReasons": (profile?.reasons ?? []).map { text("identity.mismatch.\($0)") },
            "identityRejected": profile?.status == .rejected,
            "phoneVerified": phone?.isVerified == true,
            "phoneText": phone?.isVerified == true
                ? strings.text("phone.verified", locale, ["phone": phone?.phone ?? ""]) : text("phone.status.none"),
            "hasEligibility": dashboard.eligibility != nil,
        ]
        if let eligibility = dashboard.eligibility {
            let view = EligibilityView(eligibility, strings: strings, locale: locale)
            values["eligible"] = eligibility.isEligible
            values["eligibilityText"] = text(
                eligibility.isEligible ? "eligibility.eligible" : "eligibility.not_eligible")
            values["eligibilityReasons"] = view.reasons.map { ["code": $0.code, "message": $0.message] }
            let decidedFor = CalendarDate(iso: eligibility.decidedFor).map { DateText.day($0, locale: locale) }
            values["eligibilityDate"] = strings.text(
                "eligibility.decided_for", locale, ["date": decidedFor ?? eligibility.decidedFor])
        }
        values.merge(next()) { _, new in new }
        values["trainings"] = trainings()
        values["hasTrainings"] = !dashboard.trainings.isEmpty
        return values
    }

    /// The card's purchases: course, where it stands, the redeem code while it is needed, the
    /// sessions attended and the certificate.
    func trainings() -> [[String: Any]] {
        dashboard.trainings.map { training in
            let purchase = training.purchase
            return [
                "title": training.courseTitle, "provider": training.providerName, "platform": training.platformName,
                "price": purchase.price.description, "state": purchase.state.rawValue,
                "stateText": text("training.state.\(purchase.state.rawValue)"),
                "redeemCode": PageRenderer.optional(purchase.state == .paid ? purchase.redeemCode : nil),
                "sessions": PageRenderer.optional(
                    training.attendedSessions > 0
                        ? strings.text("training.sessions", locale, ["count": String(training.attendedSessions)]) : nil),
                "certificate": purchase.completion.map { completion -> [String: String] in
                    [
                        "number": completion.certificateNumber, "url": completion.certificateURL,
                        "score": strings.text("training.score", locale, ["score": String(completion.postTestScore)]),
                    ]
                } ?? false,
            ]
        }
    }

    /// The next step: `nextCode`, `nextText`, and `nextLink` with `nextLinkText`, or
    /// `joinWave` for the join form; `refreshSeconds` while a check is pending.
    func next() -> [String: Any] {
        let step = dashboard.next
        var parameters: [String: String] = [:]
        var link: (path: String, key: String)?
        switch step {
        case .submitIdentity: link = ("/data-diri", "identity.fill_link")
        case .verifyPhone: link = ("/ponsel", "phone.verify_link")
        case .takeTest: link = ("/tes", "dashboard.take_test")
        case .continueTest(let deadline):
            parameters["date"] = DateText.jakarta(deadline, locale: locale)
            link = ("/tes", "dashboard.continue_test")
        case .retakeTest(let from): parameters["date"] = DateText.jakarta(from, locale: locale)
        case .joinWave(let number, let closesAt), .awaitWaveClose(let number, let closesAt):
            parameters = ["number": String(number), "date": DateText.jakarta(closesAt, locale: locale)]
        case .awaitSelection(let number): parameters["number"] = String(number)
        case .awaitWaveOpening(let number, let opensAt):
            parameters = ["number": String(number), "date": DateText.jakarta(opensAt, locale: locale)]
            link = ("/gelombang", "waves.title")
        case .awaitNewWave: link = ("/gelombang", "waves.title")
        case .buyTraining(let deadline):
            parameters["date"] = DateText.jakarta(deadline, locale: locale)
            link = ("/pelatihan", "catalogue.title")
        case .buyNextTraining: link = ("/pelatihan", "catalogue.title")
        case .startTraining(let code): parameters["code"] = code
        case .awaitIdentityCheck, .identityRejected, .awaitEligibility, .ineligible, .cardRevoked, .givePurchaseOTP,
            .continueTraining, .trainingCompleted, .rateTraining:
            break
        }
        var values: [String: Any] = [
            "nextCode": step.code, "nextText": strings.text("next.\(step.code)", locale, parameters),
            "nextLink": link.map { ["path": $0.path, "text": text($0.key)] } ?? false,
            "refreshSeconds": step.awaitsCheck ? Self.refreshSeconds as Any : false,
        ]
        if case .rateTraining(let purchase) = step {
            values["rateTraining"] = [
                "purchase": purchase,
                "criteria": Rating.Criterion.allCases.map { criterion in
                    [
                        "name": criterion.rawValue, "label": text("rating.criterion.\(criterion.rawValue)"),
                        "stars": (1...5).map { ["value": $0, "label": text("rating.stars_\($0)")] },
                    ] as [String: Any]
                },
            ]
        } else {
            values["rateTraining"] = false
        }
        if case .joinWave(let number, let closesAt) = step {
            values["joinWave"] = [
                "number": number, "closes": DateText.jakarta(closesAt, locale: locale),
                "notSelectedBefore": dashboard.wave?.status == .notSelected,
            ]
        } else {
            values["joinWave"] = false
        }
        return values
    }

    private func text(_ key: String) -> String { strings.text(key, locale) }
}
