import Application
import Domain
import Foundation
import Hummingbird

/// `/api/partner/v1/redemptions/{code}…`: a training provider checks a redeem code and commits
/// it when the participant starts.
struct PartnerRedemptionsAPI {
    let platform: Platform

    struct RedemptionView: Encodable {
        let redeemCode: String
        let state: String
        let courseId: String
        let courseTitle: String
        let scheduleId: String
        let invoiceNumber: String?
        let redeemedAt: Date?

        init(_ redemption: RedemptionService.Redemption) {
            redeemCode = redemption.purchase.redeemCode ?? ""
            state = redemption.purchase.state.rawValue
            courseId = redemption.purchase.courseID
            courseTitle = redemption.courseTitle
            scheduleId = redemption.purchase.scheduleID
            invoiceNumber = redemption.purchase.invoiceNumber
            redeemedAt = redemption.purchase.redeemedAt
        }
    }

    func add(to partners: some RouterMethods<PartnerRequestContext>) {
        let redemptions = platform.services.redemptions

        partners.get("redemptions/{code}") { _, context in
            let redemption = try await redemptions.check(
                provider: context.partner, redeemCode: context.parameters.get("code") ?? "")
            return try JSONBody.response(RedemptionView(redemption))
        }

        partners.post("redemptions/{code}/commit") { _, context in
            let redemption = try await redemptions.redeem(
                provider: context.partner, redeemCode: context.parameters.get("code") ?? "")
            return try JSONBody.response(RedemptionView(redemption))
        }
    }
}
