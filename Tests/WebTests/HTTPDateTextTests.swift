import Foundation
import Testing

@testable import Web

/// The `Date` header reads as RFC 9110's IMF-fixdate.
@Suite struct HTTPDateTextTests {
    @Test(arguments: [
        (Int64(0), "Thu, 01 Jan 1970 00:00:00 GMT"), (1_796_598_792, "Sun, 06 Dec 2026 23:13:12 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
    ])
    func aSecondReadsAsAnIMFFixdate(second: Int64, text: String) {
        #expect(HTTPDateText.format(second) == text)
        #expect(HTTPDateText().text(for: Date(timeIntervalSince1970: Double(second) + 0.9)) == text)
    }
}
