import Domain
import Foundation
import Testing

@Suite struct JSONTextTests {
    /// Whatever a string holds, the literal written reads back as that string.
    @Test(arguments: ["", "plain", "quote \" and \\ backslash", "line\nbreak\ttab\r", "\u{01}\u{1F}\u{7F}", "é 😀 ñ"])
    func aQuotedStringReadsBackAsItself(text: String) throws {
        let literal = JSONText.quoted(text)
        let read = try JSONDecoder().decode(String.self, from: Data(literal.utf8))
        #expect(read == text)
    }

    @Test func anObjectKeepsItsMembersInOrder() throws {
        let text = JSONText.object([("b", "2"), ("a", "x\"y")])
        #expect(text == #"{"b":"2","a":"x\"y"}"#)
        let read = try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
        #expect(read == ["a": "x\"y", "b": "2"])
    }
}
