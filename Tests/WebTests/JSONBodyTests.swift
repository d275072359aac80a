import Testing

@testable import Web

@Suite struct JSONBodyTests {
    @Test(arguments: [
        ("application/json", true),
        ("application/json; charset=utf-8", true),
        ("Application/JSON; Charset=\"UTF-8\"", true),
        ("application/problem+json", true),
        ("application/jsonp", false),
        ("application/json; charset=latin1", false),
        ("application/json-seq", false),
        ("text/json", false),
        ("application/x-www-form-urlencoded", false),
    ])
    func onlyJSONInUTF8IsReadAsJSON(contentType: String, accepted: Bool) {
        #expect(JSONBody.isJSON(contentType: contentType) == accepted)
    }
}
