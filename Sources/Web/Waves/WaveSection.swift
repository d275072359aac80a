import Application
import Domain
import Foundation
import Storage

/// The dashboard's wave section: where the person's entry stands (with what they need to check
/// their own outcome), and their card and balance once selected.
struct WaveSection {
    let standing: WaveService.Standing?
    /// A refusal code from a join attempt, shown once.
    let refusal: String?
    let strings: StringTable
    let locale: AppLocale

    func values() -> [String: Any] {
        var values: [String: Any] = ["hasStanding": standing != nil, "hasCard": standing?.card != nil]
        if let standing {
            values["waveNumber"] = standing.wave.number
            values["waveStatus"] = standing.status.rawValue
            values["waveStatusText"] = strings.text("wave.status.\(standing.status.rawValue)", locale)
            values["entryId"] = standing.entry.id
            let regions = RegionTable.bundled
            let group = standing.entry.group
            values["entryGroup"] = regions.provinces[group]?.name ?? regions.regencies[group]?.name ?? group
            values["entryRank"] = PageRenderer.optional(standing.entry.rank.map { String($0) })
            values["lastSelectedRank"] = PageRenderer.optional(standing.lastSelectedRank.map { String($0) })
            if let card = standing.card {
                values["cardNumber"] = card.number.description
                values["cardBalance"] = (standing.balance ?? Rupiah(0)).description
                values["cardDeadline"] = DateText.jakarta(card.purchaseDeadlineAt, locale: locale)
                values["cardRevoked"] = card.revokedAt != nil
            }
        }
        values["joinRefusal"] = PageRenderer.optional(refusal.map { strings.text("error.\($0)", locale) })
        return values
    }
}
