import Application
import Domain
import Foundation
import Hummingbird
import Storage

/// `POST /pelatihan/nilai/{purchase}`: the participant rates a completed training from the
/// dashboard (stars per criterion and a short review), then returns to it.
struct RatingPages {
    let platform: Platform

    struct RatingForm: Decodable {
        var content: String?
        var instructor: String?
        var usefulness: String?
        var review: String?
    }

    func add(signedIn router: some RouterMethods<SignedInRequestContext>) {
        let ratings = platform.services.ratings

        router.post("/pelatihan/nilai/{purchase}") { request, context in
            let form = try await PageForms.decode(RatingForm.self, from: request, context: context)
            var stars: [Rating.Criterion: Int] = [:]
            for (criterion, value) in [
                (Rating.Criterion.content, form.content), (.instructor, form.instructor),
                (.usefulness, form.usefulness),
            ] {
                if let value, let number = Int(value) { stars[criterion] = number }
            }
            do {
                try await ratings.rate(
                    accountID: context.account.id, purchaseID: context.parameters.get("purchase") ?? "",
                    Rating(stars: stars, review: form.review ?? ""))
            } catch let failure as RatingService.Failure {
                return PageForms.redirect(to: "/dasbor?nilai=\(failure.code)#next-heading")
            }
            return PageForms.redirect(to: "/dasbor?dinilai=1")
        }
    }
}
