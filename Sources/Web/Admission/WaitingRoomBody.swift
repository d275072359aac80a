import Application
import Domain
import Foundation
import NIOCore

/// The API's waiting-room answer (`503`), written straight into a buffer: past capacity it is
/// most of what the server sends, and encoding it with `JSONEncoder` was 6.6 % of the server's
/// CPU samples in a profile of the 3× overload.
/// The one text in it, the line's lead in each language, is quoted once (`JSONText`).
/// Keys are sorted and absent values left out, as `JSONEncoder.api` writes them.
struct WaitingRoomBody: Sendable {
    private let messages: [String: String]

    init(strings: StringTable) {
        var messages: [String: String] = [:]
        for line in AdmissionLine.allCases {
            for locale in AppLocale.allCases {
                messages[Self.key(line, locale)] = JSONText.quoted(
                    strings.text("waiting.lead.\(line.rawValue)", locale))
            }
        }
        self.messages = messages
    }

    private static func key(_ line: AdmissionLine, _ locale: AppLocale) -> String {
        "\(line.rawValue).\(locale.rawValue)"
    }

    /// `ticket` is a signed token: base64url and dots, nothing to escape.
    func json(
        line: AdmissionLine, locale: AppLocale, position: Int64?, place: Int?, estimatedWaitSeconds: Int?,
        ticket: String
    ) -> ByteBuffer {
        var fields: [String] = []
        if let estimatedWaitSeconds { fields.append("\"estimated_wait_seconds\":\(estimatedWaitSeconds)") }
        if let place { fields.append("\"place\":\(place)") }
        if let position { fields.append("\"position\":\(position)") }
        fields.append("\"ticket\":\"\(ticket)\"")
        let message = messages[Self.key(line, locale)] ?? "\"\""
        let text =
            "{\"error\":{\"code\":\"waiting_room\",\"message\":\(message)},\"waiting_room\":{\(fields.joined(separator: ","))}}"
        return ByteBuffer(string: text)
    }
}
