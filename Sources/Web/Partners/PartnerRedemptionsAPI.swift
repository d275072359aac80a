import Application
import Domain
import Foundation
import Hummingbird

/// `/api/partner/v1/redemptions/{code}…`: a training provider checks a redeem code, commits it
/// when the participant starts, reports attendance per session and the completion.
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
        let attendedSessions: [Int]
        let completedAt: Date?
        let postTestScore: Int?
        let certificateNumber: String?
        let certificateUrl: String?

        init(_ redemption: RedemptionService.Redemption) {
            redeemCode = redemption.purchase.redeemCode ?? ""
            state = redemption.purchase.state.rawValue
            courseId = redemption.purchase.courseID
            courseTitle = redemption.courseTitle
            scheduleId = redemption.purchase.scheduleID
            invoiceNumber = redemption.purchase.invoiceNumber
            redeemedAt = redemption.purchase.redeemedAt
            attendedSessions = redemption.attended
            completedAt = redemption.purchase.completedAt
            postTestScore = redemption.purchase.completion?.postTestScore
            certificateNumber = redemption.purchase.completion?.certificateNumber
            certificateUrl = redemption.purchase.completion?.certificateURL
        }
    }

    struct AttendanceInput: Codable {
        /// The session's number in the course, from 1.
        let sequence: Int
        let attendedAt: String
    }

    struct CompletionInput: Codable {
        let postTestScore: Int
        let certificateNumber: String
        let certificateUrl: String
    }

    func add(to partners: some RouterMethods<PartnerRequestContext>) {
        let redemptions = platform.services.redemptions
        let strings = platform.strings

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

        partners.post("redemptions/{code}/attendance") { request, context in
            let input = try await JSONBody.decode(
                AttendanceInput.self, from: request, context: context, strings: strings)
            guard let attendedAt = PartnerTime.parse(input.attendedAt) else {
                throw RedemptionService.Failure.invalidAttendance
            }
            let redemption = try await redemptions.recordAttendance(
                provider: context.partner, redeemCode: context.parameters.get("code") ?? "", sequence: input.sequence,
                attendedAt: attendedAt)
            return try JSONBody.response(RedemptionView(redemption))
        }

        partners.post("redemptions/{code}/completion") { request, context in
            let input = try await JSONBody.decode(
                CompletionInput.self, from: request, context: context, strings: strings)
            let redemption = try await redemptions.complete(
                provider: context.partner, redeemCode: context.parameters.get("code") ?? "",
                Completion(
                    postTestScore: input.postTestScore, certificateNumber: input.certificateNumber,
                    certificateURL: input.certificateUrl))
            return try JSONBody.response(RedemptionView(redemption))
        }
    }
}
