import Application
import Domain
import Foundation
import Hummingbird

/// `/pelatihan`: the catalogue of approved trainings, filtered by category, how it is taught,
/// price and province, and searched in Indonesian or English; `/pelatihan/{id}`: one training
/// with its schedules and which platform sells it. Light pages, no script.
struct CataloguePages {
    let platform: Platform

    static let pageSize = 20

    func add(public router: some RouterMethods<AppRequestContext>) {
        let strings = platform.strings
        let catalogue = platform.services.catalogue
        let regions = RegionTable.bundled

        router.get("/pelatihan") { request, context in
            let locale = context.locale
            let query = request.uri.queryParameters
            func text(_ name: String) -> String? {
                query[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : String($0.prefix(100)) }
            }
            let category = text("kategori").flatMap { CourseCategory.all.contains($0) ? $0 : nil }
            let mode = text("cara").flatMap(Course.Mode.init(rawValue:))
            let maximum = text("harga").flatMap { Int64($0.filter(\.isNumber).prefix(12)) }.map(Rupiah.init)
            let province = text("provinsi").flatMap { regions.provinces[$0] != nil ? $0 : nil }
            let words = CatalogueSearch.queryWords(text("q") ?? "")
            let page = max(1, min(500, text("halaman").flatMap { Int($0) } ?? 1))
            let (listings, total) = try await catalogue.search(
                CatalogueFilter(
                    category: category, mode: mode, maximumPrice: maximum, provinceCode: province, words: words),
                page: page, pageSize: Self.pageSize)
            var keep: [String] = []
            for (name, value) in [
                ("q", text("q")), ("kategori", category), ("cara", mode?.rawValue),
                ("harga", maximum.map { String($0.amount) }), ("provinsi", province),
            ] {
                if let value { keep.append("\(name)=\(PercentEncoding.escaped(value))") }
            }
            func link(_ page: Int) -> String { "/pelatihan?" + (keep + ["halaman=\(page)"]).joined(separator: "&") }
            let pages = (total + Self.pageSize - 1) / Self.pageSize
            let values: [String: Any] = [
                "query": text("q") ?? "",
                "courses": listings.map { Self.card($0, locale: locale, strings: strings, regions: regions) },
                "found": strings.text(
                    "catalogue.found", locale, ["count": NumberFormat.grouped(total, locale: locale)]),
                "empty": listings.isEmpty,
                "categories": CourseCategory.all.map {
                    [
                        "value": $0, "name": strings.text("catalogue.category.\($0)", locale),
                        "selected": $0 == category,
                    ] as [String: Any]
                },
                "modes": Course.Mode.allCases.map {
                    [
                        "value": $0.rawValue, "name": strings.text("catalogue.mode.\($0.rawValue)", locale),
                        "selected": $0 == mode,
                    ] as [String: Any]
                },
                "prices": [500_000, 1_000_000, 2_000_000, 3_500_000].map { amount in
                    [
                        "value": String(amount), "name": Rupiah(Int64(amount)).description,
                        "selected": maximum?.amount == Int64(amount),
                    ] as [String: Any]
                },
                "provinces": regions.provinces.values.sorted { $0.name < $1.name }.map {
                    ["value": $0.code, "name": $0.name, "selected": $0.code == province] as [String: Any]
                },
                "previous": PageRenderer.optional(page > 1 ? link(page - 1) : nil),
                "next": PageRenderer.optional(page < pages ? link(page + 1) : nil),
                "pageText": pages > 1
                    ? strings.text("catalogue.page", locale, ["page": String(page), "pages": String(pages)]) : "",
            ]
            return PageRenderer.shared.render(
                "catalogue", titleKey: "catalogue.title", context: context, strings: strings, values: values)
        }

        router.get("/pelatihan/{id}") { _, context in
            let locale = context.locale
            guard let id = context.parameters.get("id"), id.count <= 64,
                let listing = try await catalogue.listing(courseID: id)
            else {
                return PageRenderer.shared.render(
                    "error", titleKey: "catalogue.not_found", context: context, strings: strings,
                    values: ["message": strings.text("catalogue.not_found", locale)], status: .notFound)
            }
            var values = Self.card(listing, locale: locale, strings: strings, regions: regions)
            let details = listing.course.details
            values["outcomes"] = details.outcomes
            values["schedules"] = listing.schedules.map { schedule in
                [
                    "starts": DateText.jakarta(schedule.startsAt, locale: locale),
                    "ends": DateText.jakarta(schedule.endsAt, locale: locale),
                    "seats": strings.text(
                        "catalogue.seats_left", locale,
                        ["count": NumberFormat.grouped(schedule.seatsLeft, locale: locale)]),
                ]
            }
            values["noSchedules"] = listing.schedules.isEmpty
            var requirements: [String] = []
            if details.minimumAge != nil || details.maximumAge != nil {
                requirements.append(
                    strings.text(
                        "catalogue.requirement_age", locale,
                        ["from": String(details.minimumAge ?? 18), "to": String(details.maximumAge ?? 64)]))
            }
            if let education = details.minimumEducation {
                requirements.append(
                    strings.text(
                        "catalogue.requirement_education", locale,
                        ["education": strings.text("identity.education.\(education.rawValue)", locale)]))
            }
            values["requirements"] = requirements
            values["hasRequirements"] = !requirements.isEmpty
            values["hasReviews"] = !listing.reviews.isEmpty
            values["reviews"] = listing.reviews.map { review in
                [
                    "stars": RatingText.stars(review.overall, locale: locale), "text": review.review,
                    "date": DateText.jakarta(review.at, locale: locale),
                ]
            }
            values["providerRating"] = RatingText.summary(listing.providerRating, locale: locale, strings: strings)
            return PageRenderer.shared.render(
                "course", titleKey: "catalogue.title", context: context, strings: strings, values: values)
        }
    }

    /// What a list entry and the detail page show of a course, in the reader's language
    /// (English where the platform gave it).
    static func card(
        _ listing: CatalogueService.Listing, locale: AppLocale, strings: StringTable, regions: RegionTable
    ) -> [String: Any] {
        let details = listing.course.details
        let english = locale == .english
        return [
            "id": listing.course.id,
            "title": english && !details.titleEnglish.isEmpty ? details.titleEnglish : details.title,
            "description": english && !details.descriptionEnglish.isEmpty
                ? details.descriptionEnglish : details.description,
            "price": details.price.description, "hours": String(details.hours),
            "category": strings.text("catalogue.category.\(details.category)", locale),
            "mode": strings.text("catalogue.mode.\(details.mode.rawValue)", locale),
            "place": PageRenderer.optional(details.provinceCode.flatMap { regions.provinces[$0]?.name }),
            "provider": listing.providerName, "platform": listing.platformName,
            "rating": RatingText.summary(listing.rating, locale: locale, strings: strings),
        ]
    }
}

/// Ratings as a page shows them: "4,3 dari 5 (128 penilaian)", or that there are none yet.
enum RatingText {
    static func stars(_ value: Double, locale: AppLocale) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10)\(locale == .indonesian ? "," : ".")\(tenths % 10)"
    }

    static func summary(_ summary: RatingSummary, locale: AppLocale, strings: StringTable) -> String {
        guard summary.count > 0 else { return strings.text("rating.none", locale) }
        return strings.text(
            "rating.summary", locale,
            [
                "stars": stars(summary.overall, locale: locale),
                "count": NumberFormat.grouped(summary.count, locale: locale),
            ])
    }
}
