import Application
import Domain
import Foundation
import Hummingbird

/// `/api/partner/v1/courses…`: a platform submits its courses (a correction under the same
/// reference sends one back to review) and their schedules, and reads where curation stands.
struct PartnerCoursesAPI {
    let platform: Platform

    struct CourseInput: Codable {
        let reference: String
        /// The client code of the approved training provider that teaches it.
        let providerCode: String
        let title: String
        let titleEn: String?
        let category: String
        let description: String
        let descriptionEn: String?
        let outcomes: [String]
        let price: Int64
        let hours: Int
        let mode: String
        let minimumAge: Int?
        let maximumAge: Int?
        let minimumEducation: String?
        let provinceCode: String?
    }

    struct ScheduleInput: Codable {
        let startsAt: String
        let endsAt: String
        let seats: Int
    }

    struct ScheduleView: Encodable {
        let id: String
        let startsAt: Date
        let endsAt: Date
        let seats: Int
        let seatsLeft: Int

        init(_ schedule: CourseSchedule) {
            id = schedule.id
            startsAt = schedule.startsAt
            endsAt = schedule.endsAt
            seats = schedule.seats
            seatsLeft = schedule.seatsLeft
        }
    }

    struct CourseView: Encodable {
        let id: String
        let reference: String
        let title: String
        let status: String
        let reviewNote: String
        let listed: Bool
        let suspendedUntil: Date?
        let suspensionReason: String
        let price: Int64
        let schedules: [ScheduleView]

        init(_ course: Course, schedules: [CourseSchedule], now: Date) {
            id = course.id
            reference = course.reference
            title = course.details.title
            status = course.status.rawValue
            reviewNote = course.reviewNote
            listed = course.isListed(at: now)
            suspendedUntil = course.suspendedUntil
            suspensionReason = course.suspensionReason
            price = course.details.price.amount
            self.schedules = schedules.map(ScheduleView.init)
        }
    }

    func add(to partners: some RouterMethods<PartnerRequestContext>) {
        let catalogue = platform.services.catalogue
        let (clock, strings) = (platform.clock, platform.strings)

        @Sendable func invalid(_ field: String, _ context: PartnerRequestContext) -> APIError {
            APIError(
                status: .unprocessableContent, code: "invalid_course",
                message: strings.text("error.invalid_course", context.locale), fields: [field: "invalid"])
        }

        partners.post("courses") { request, context in
            let input = try await JSONBody.decode(CourseInput.self, from: request, context: context, strings: strings)
            guard let mode = Course.Mode(rawValue: input.mode) else { throw invalid("mode", context) }
            var education: Profile.Education?
            if let text = input.minimumEducation {
                guard let value = Profile.Education(rawValue: text) else {
                    throw invalid("minimum_education", context)
                }
                education = value
            }
            let details = CourseDetails(
                title: input.title, titleEnglish: input.titleEn ?? "", category: input.category,
                description: input.description, descriptionEnglish: input.descriptionEn ?? "",
                outcomes: input.outcomes, price: Rupiah(input.price), hours: input.hours, mode: mode,
                minimumAge: input.minimumAge, maximumAge: input.maximumAge, minimumEducation: education,
                provinceCode: input.provinceCode)
            let course = try await catalogue.submit(
                platform: context.partner, reference: input.reference, providerCode: input.providerCode,
                details: details)
            let (saved, schedules) = try await catalogue.ownCourse(platform: context.partner, courseID: course.id)
            return try JSONBody.response(CourseView(saved, schedules: schedules, now: clock.now()), status: .created)
        }

        partners.get("courses") { _, context in
            let now = clock.now()
            return try JSONBody.response(
                try await catalogue.ownCourses(platform: context.partner).map {
                    CourseView($0.0, schedules: $0.1, now: now)
                })
        }

        partners.get("courses/{id}") { _, context in
            let (course, schedules) = try await catalogue.ownCourse(
                platform: context.partner, courseID: context.parameters.get("id") ?? "")
            return try JSONBody.response(CourseView(course, schedules: schedules, now: clock.now()))
        }

        partners.post("courses/{id}/schedules") { request, context in
            let input = try await JSONBody.decode(
                ScheduleInput.self, from: request, context: context, strings: strings)
            guard let starts = PartnerTime.parse(input.startsAt) else {
                throw APIError(
                    status: .unprocessableContent, code: "invalid_schedule",
                    message: strings.text("error.invalid_schedule", context.locale), fields: ["starts_at": "invalid"])
            }
            guard let ends = PartnerTime.parse(input.endsAt) else {
                throw APIError(
                    status: .unprocessableContent, code: "invalid_schedule",
                    message: strings.text("error.invalid_schedule", context.locale), fields: ["ends_at": "invalid"])
            }
            let schedule = try await catalogue.addSchedule(
                platform: context.partner, courseID: context.parameters.get("id") ?? "", startsAt: starts,
                endsAt: ends, seats: input.seats)
            return try JSONBody.response(ScheduleView(schedule), status: .created)
        }
    }
}

/// Times in partner requests: ISO 8601 with an offset (`2026-12-01T09:00:00+07:00`).
enum PartnerTime {
    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions.insert(.withFractionalSeconds)
        return formatter.date(from: text)
    }
}
