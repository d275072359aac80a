import Application
import Domain
import Foundation
import Testing

@Suite struct EmailRequestTests {
    /// The outbox reads back exactly the request it was given, with and without values.
    @Test(arguments: [nil, ["count": "3", "at": "10:00 \"WIB\""]] as [[String: String]?])
    func theOutboxPayloadReadsBackAsTheRequest(values: [String: String]?) throws {
        let request = EmailRequest(
            template: .verifyEmail, to: "nama.saya+daftar@contoh.co.id", locale: .english, subject: "0190abc",
            nonce: "n\\once", values: values)
        let read = try JSONDecoder().decode(EmailRequest.self, from: Data(try request.encoded().utf8))
        #expect(read == request)
    }
}
