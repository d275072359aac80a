import Application
import Domain
import Foundation
import Storage

/// What the dashboard shows about the identity check, the phone and the eligibility
/// decision, in the reader's language.
struct DashboardView {
    let account: AccountRecord
    let profile: ProfileRecord?
    let phone: PhoneVerificationRecord?
    let eligibility: EligibilityRecord?
    let strings: StringTable
    let locale: AppLocale

    func values() -> [String: Any] {
        var values: [String: Any] = [
            "identityStatus": profile?.status.rawValue ?? "none",
            "identityText": text("identity.status.\(profile?.status.rawValue ?? "none")"),
            "identityReasons": (profile?.reasons ?? []).map { text("identity.mismatch.\($0)") },
            "identityRejected": profile?.status == .rejected,
            "canSubmitIdentity": profile == nil,
            "phoneVerified": phone?.isVerified == true,
            "phoneText": phone?.isVerified == true
                ? strings.text("phone.verified", locale, ["phone": phone?.phone ?? ""]) : text("phone.status.none"),
            "canVerifyPhone": account.stage >= .identityVerified && phone?.isVerified != true,
            "hasEligibility": eligibility != nil,
        ]
        if let eligibility {
            let view = EligibilityView(eligibility, strings: strings, locale: locale)
            values["eligible"] = eligibility.isEligible
            values["eligibilityText"] = strings.text(
                eligibility.isEligible ? "eligibility.eligible" : "eligibility.not_eligible", locale,
                ["scheme": eligibility.schemeCode])
            values["eligibilityReasons"] = view.reasons.map { ["code": $0.code, "message": $0.message] }
            values["eligibilityDate"] = strings.text(
                "eligibility.decided_for", locale, ["date": eligibility.decidedFor])
        }
        return values
    }

    private func text(_ key: String) -> String { strings.text(key, locale) }
}
