import Domain
import Foundation

/// Dates and times as people in Indonesia read them: "17 Agustus 2026, 09.00 WIB" and
/// "17 Agustus 1990". A page never shows an ISO date.
enum DateText {
    static func jakarta(_ date: Date, locale: AppLocale) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Asia/Jakarta")
        formatter.locale = Locale(identifier: locale == .indonesian ? "id_ID" : "en_GB")
        formatter.dateFormat = locale == .indonesian ? "d MMMM yyyy, HH.mm 'WIB'" : "d MMMM yyyy, HH:mm 'WIB'"
        return formatter.string(from: date)
    }

    /// A calendar day such as a birth date, with the month's name in the reader's language.
    static func day(_ date: CalendarDate, locale: AppLocale) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard date.exists,
            let moment = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))
        else { return dayFirst(date) }
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.locale = Locale(identifier: locale == .indonesian ? "id_ID" : "en_GB")
        formatter.dateFormat = "d MMMM yyyy"
        return formatter.string(from: moment)
    }

    /// How the form shows a date back to the person: day first, as they typed it (17-08-1990).
    static func dayFirst(_ date: CalendarDate) -> String {
        String(format: "%02d-%02d-%04d", date.day, date.month, date.year)
    }
}
