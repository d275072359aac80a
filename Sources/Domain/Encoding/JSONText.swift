/// Writes JSON text by hand for the few documents built on the registration path, where
/// `JSONEncoder` was about 3 % of a registration's CPU; what it writes is read back with
/// `JSONDecoder` like any other JSON.
public enum JSONText {
    /// `text` as a JSON string literal: quotes, backslashes and control characters escaped, the
    /// rest as it is (JSON text is UTF-8).
    public static func quoted(_ text: String) -> String {
        // Nearly every text (addresses, ids, codes) needs no escape: one pass over its bytes.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
        return out
    }

    /// `"name":"text"`, one string member of an object.
    public static func member(_ name: String, _ text: String) -> String {
        quoted(name) + ":" + quoted(text)
    }

    /// An object of string members in the order given.
    public static func object(_ members: [(key: String, value: String)]) -> String {
        "{" + members.map { member($0.key, $0.value) }.joined(separator: ",") + "}"
    }
}
