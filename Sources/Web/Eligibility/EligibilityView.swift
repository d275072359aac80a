import Application
import Domain
import Foundation
import Storage

/// An eligibility decision as `/api/v1/me` shows it: each reason's stable code and its
/// sentence in the caller's language.
struct EligibilityView: Encodable {
    struct Reason: Encodable {
        let code: String
        let message: String
    }

    let eligible: Bool
    let scheme: String
    let schemeVersion: Int
    let decidedFor: String
    let reasons: [Reason]

    init(_ record: EligibilityRecord, strings: StringTable, locale: AppLocale) {
        eligible = record.isEligible
        scheme = record.schemeCode
        schemeVersion = record.schemeVersion
        decidedFor = record.decidedFor
        let scheme = Scheme.find(code: record.schemeCode, version: record.schemeVersion)
        reasons = record.reasons.map { code in
            guard let scheme, let reason = IneligibilityReason(code: code, scheme: scheme) else {
                return Reason(code: code, message: code)
            }
            return Reason(code: code, message: strings.text(reason.messageKey, locale, reason.messageValues))
        }
    }
}
