import Domain
import Foundation
import Storage

extension PurchaseService {
    /// The participant's purchases, newest first.
    public func purchases(accountID: String) async throws -> [Purchase] {
        try await trainings(accountID: accountID).map(\.purchase)
    }

    /// A purchase with what the participant's dashboard shows of it.
    public struct Training: Sendable, Equatable {
        public var purchase: Purchase
        public var courseTitle: String
        public var providerName: String
        public var platformName: String
        public var attendedSessions: Int
        /// Whether the participant has rated it (only a completed training is rated).
        public var rated: Bool
    }

    /// The participant's purchases with their courses, newest first (for the dashboard).
    public func trainings(accountID: String) async throws -> [Training] {
        try await database.read { connection in
            guard let card = try await CardStore(connection).find(accountID: accountID) else { return [] }
            let purchases = PurchaseStore(connection)
            let rows = try await purchases.forCard(card.number)
            let rated = try await RatingStore(connection).rated(rows.map(\.purchase.id))
            var trainings: [Training] = []
            for row in rows {
                let course = try await CourseStore(connection).find(id: row.purchase.courseID)
                var listing: CatalogueService.Listing?
                if let course {
                    listing = try await CatalogueService.listings([course], now: nil, in: connection).first
                }
                trainings.append(
                    Training(
                        purchase: row.purchase, courseTitle: course?.details.title ?? "",
                        providerName: listing?.providerName ?? "", platformName: listing?.platformName ?? "",
                        attendedSessions: try await purchases.attendance(purchaseID: row.purchase.id).count,
                        rated: rated.contains(row.purchase.id)))
            }
            return trainings
        }
    }
}
