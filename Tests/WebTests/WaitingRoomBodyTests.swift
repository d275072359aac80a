import Application
import Domain
import Foundation
import NIOCore
import Testing

@testable import Web

/// The API's waiting-room answer, written without `JSONEncoder`, reads as the same JSON.
@Suite struct WaitingRoomBodyTests {
    let strings = StringTable.bundled

    func parsed(_ buffer: ByteBuffer) throws -> [String: Any] {
        let data = Data(buffer.readableBytesView)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test(arguments: AppLocale.allCases)
    func aNumberedPlaceHasEveryField(locale: AppLocale) throws {
        let body = WaitingRoomBody(strings: strings).json(
            line: .registration, locale: locale, position: 1_322, place: 5, estimatedWaitSeconds: 90,
            ticket: "q2.41.1322.1780086400.abc-_")
        let json = try parsed(body)
        let error = try #require(json["error"] as? [String: Any])
        #expect(error["code"] as? String == "waiting_room")
        #expect(error["message"] as? String == strings.text("waiting.lead.registration", locale))
        let line = try #require(json["waiting_room"] as? [String: Any])
        #expect(line["position"] as? Int == 1_322)
        #expect(line["place"] as? Int == 5)
        #expect(line["estimated_wait_seconds"] as? Int == 90)
        #expect(line["ticket"] as? String == "q2.41.1322.1780086400.abc-_")
    }

    /// Absent values are left out, as `JSONEncoder.api` leaves them, keys in the same order.
    @Test func absentValuesAreLeftOutAsTheEncoderWouldLeaveThem() throws {
        struct Line: Encodable {
            let position: Int64?
            let place: Int?
            let estimatedWaitSeconds: Int?
            let ticket: String
        }
        struct Detail: Encodable {
            let code: String
            let message: String
        }
        struct Expected: Encodable {
            let error: Detail
            let waitingRoom: Line
        }
        let body = WaitingRoomBody(strings: strings).json(
            line: .site, locale: .english, position: nil, place: nil, estimatedWaitSeconds: nil, ticket: "q1.7.99.x")
        let expected = try JSONEncoder.api.encode(
            Expected(
                error: .init(code: "waiting_room", message: strings.text("waiting.lead.site", .english)),
                waitingRoom: .init(position: nil, place: nil, estimatedWaitSeconds: nil, ticket: "q1.7.99.x")))
        #expect(String(buffer: body) == String(decoding: expected, as: UTF8.self))
    }
}
