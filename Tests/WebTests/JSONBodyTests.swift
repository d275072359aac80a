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

@Suite struct JSONScanTests {
    func problem(_ body: String) -> JSONScan.Problem? {
        do {
            _ = try JSONScan.fieldPaths(of: Array(body.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        (#"{"email":"a@b.co","email":"c@d.co"}"#, "email"),
        (#"{"email":"a@b.co","\u0065mail":"c@d.co"}"#, "email"),
        (#"{"proof":{"nonce":"1","nonce":"2"}}"#, "nonce"),
        (#"{"list":[{"a":1},{"a":2}],"b":{"c":[1,{"d":1,"d":2}]}}"#, "d"),
    ])
    func aRepeatedKeyIsFound(body: String, key: String) {
        #expect(problem(body) == .duplicate(key))
    }

    @Test(arguments: [
        #"{"a":"a","b":{"a":"a"},"c":[{"a":1},{"a":2}]}"#,
        #"{"a":"\"a\",\"a\":","b":"}{[,"}"#,
        #"{"a":["a","a"],"b":"a"}"#,
        #"{}"#,
    ])
    func keysRepeatedOnlyAcrossObjectsOrInValuesAreFine(body: String) {
        #expect(problem(body) == nil)
    }

    @Test(arguments: [
        "", " ", "[1,2]", "\"text\"", "1", "{", "{\"email\":", "{\"email\":\"a\"", "{\"email\":\"a\"} trailing",
        "{\"a\":1,}", "{\"a\" 1}", "{\"a\":[1,2}", "{\"a\":1\"b\":2}", "{,}", "{\"a\":}", "{1:2}", "{\"a\":\"b}",
    ])
    func whatIsNotAnObjectIsInvalid(body: String) {
        #expect(problem(body) == .invalid, "\(body)")
    }

    @Test func theFieldsSentAreTheNonNullPathsThroughObjects() throws {
        let body =
            #"{ "email" : "a@b.co", "proof_of_work": {"seed": "s", "nonce": "1"}, "note": null, "tags": [{"x": 1}] }"#
        let paths = try JSONScan.fieldPaths(of: Array(body.utf8))
        #expect(Set(paths) == ["email", "proof_of_work", "proof_of_work.seed", "proof_of_work.nonce", "tags"])
    }

    @Test func eachLimitNamesItsField() {
        #expect(problem(#"{"email":{"a":{"b":{"c":{"d":1}}}}}"#) == .field("email.a.b.c", "too_deep"))
        #expect(problem(#"{"a":[[[["x"]]]]}"#) == .field("a", "too_deep"))
        let long = String(repeating: "é", count: 1_001)
        #expect(problem("{\"email\":\"\(long)\"}") == .field("email", "too_long"))
        // Bytes past the limit, characters within it: not too long.
        #expect(problem("{\"email\":\"\(String(repeating: "é", count: 600))\"}") == nil)
        #expect(problem(#"{"email":"\#(String(repeating: "\\u0041", count: 300))"}"#) == nil)
        #expect(
            problem("{\"list\":[\((0..<33).map(String.init).joined(separator: ","))]}")
                == .field("list", "too_many_items"))
        let wide = (0..<65).map { "\"f\($0)\":1" }.joined(separator: ",")
        #expect(problem("{\(wide)}") == .field("body", "too_many_fields"))
        #expect(problem("{\"\(String(repeating: "k", count: 65))\":1}") == .field("body", "unknown_field"))
    }
}
