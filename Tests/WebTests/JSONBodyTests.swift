import Foundation
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

@Suite struct JSONDuplicateKeysTests {
    @Test(arguments: [
        (#"{"email":"a@b.co","email":"c@d.co"}"#, "email"),
        (#"{"email":"a@b.co","\u0065mail":"c@d.co"}"#, "email"),
        (#"{"proof":{"nonce":"1","nonce":"2"}}"#, "nonce"),
        (#"{"list":[{"a":1},{"a":2}],"b":{"c":[1,{"d":1,"d":2}]}}"#, "d"),
    ])
    func aRepeatedKeyIsFound(body: String, key: String) {
        #expect(JSONDuplicateKeys.first(in: Data(body.utf8)) == key)
    }

    @Test(arguments: [
        #"{"a":"a","b":{"a":"a"},"c":[{"a":1},{"a":2}]}"#,
        #"{"a":"\"a\",\"a\":","b":"}{[,"}"#,
        #"{"a":["a","a"],"b":"a"}"#,
        #"{}"#,
    ])
    func keysRepeatedOnlyAcrossObjectsOrInValuesAreFine(body: String) {
        #expect(JSONDuplicateKeys.first(in: Data(body.utf8)) == nil)
    }
}
