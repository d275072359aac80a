import Application
import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/partner/v1/purchases…`: a platform starts a payment (with an `Idempotency-Key`
/// header), authorises it with the participant's OTP, reads it and voids it before redemption.
struct PartnerPurchasesAPI {
    let platform: Platform

    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!

    struct StartInput: Codable {
        let cardNumber: String
        let courseId: String
        let scheduleId: String
    }

    struct AuthoriseInput: Codable {
        let otp: String
    }

    struct PurchaseView: Encodable {
        let id: String
        let state: String
        let cardNumber: String
        let courseId: String
        let scheduleId: String
        let price: Int64
        let otpExpiresAt: Date
        let invoiceNumber: String?
        let redeemCode: String?
        let voidReason: String?
        let createdAt: Date
        let paidAt: Date?
        let redeemedAt: Date?
        let completedAt: Date?
        let voidedAt: Date?

        init(_ purchase: Purchase) {
            id = purchase.id
            state = purchase.state.rawValue
            cardNumber = purchase.cardNumber.masked
            courseId = purchase.courseID
            scheduleId = purchase.scheduleID
            price = purchase.price.amount
            otpExpiresAt = purchase.otpExpiresAt
            invoiceNumber = purchase.invoiceNumber
            redeemCode = purchase.redeemCode
            voidReason = purchase.voidReason
            createdAt = purchase.createdAt
            paidAt = purchase.paidAt
            redeemedAt = purchase.redeemedAt
            completedAt = purchase.completedAt
            voidedAt = purchase.voidedAt
        }
    }

    func add(to partners: some RouterMethods<PartnerRequestContext>) {
        let purchases = platform.services.purchases
        let strings = platform.strings

        partners.post("purchases") { request, context in
            let input = try await JSONBody.decode(StartInput.self, from: request, context: context, strings: strings)
            let purchase = try await purchases.start(
                platform: context.partner,
                .init(
                    cardNumber: input.cardNumber, courseID: input.courseId, scheduleID: input.scheduleId,
                    idempotencyKey: request.headers[Self.idempotencyKey] ?? ""))
            return try JSONBody.response(PurchaseView(purchase), status: .created)
        }

        partners.get("purchases/{id}") { _, context in
            let purchase = try await purchases.status(
                platform: context.partner, purchaseID: context.parameters.get("id") ?? "")
            return try JSONBody.response(PurchaseView(purchase))
        }

        partners.post("purchases/{id}/authorise") { request, context in
            let input = try await JSONBody.decode(
                AuthoriseInput.self, from: request, context: context, strings: strings)
            let purchase = try await purchases.authorise(
                platform: context.partner, purchaseID: context.parameters.get("id") ?? "", otp: input.otp)
            return try JSONBody.response(PurchaseView(purchase))
        }

        partners.post("purchases/{id}/void") { _, context in
            let purchase = try await purchases.void(
                platform: context.partner, purchaseID: context.parameters.get("id") ?? "")
            return try JSONBody.response(PurchaseView(purchase))
        }
    }
}
