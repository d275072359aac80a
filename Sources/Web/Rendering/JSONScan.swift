import Foundation

/// One pass over a JSON request body, before it is decoded: its structure, a key repeated in
/// one object, `JSONShape`'s limits, and the paths of the fields it sends. Every API request
/// passes here, so it reads the bytes once rather than parsing them into `JSONSerialization`'s
/// objects and walking those three times (that, with the decoding, was a tenth of a
/// registration's CPU). The typed decoding that follows checks what this leaves to it: the
/// spelling of numbers and literals, and the escapes inside strings.
struct JSONScan {
    enum Problem: Error, Equatable {
        /// Not a JSON object: unbalanced, unterminated, empty, or something after it.
        case invalid
        /// A key that appears twice in the same object (as decoded: `"a"` and `"\u0061"` are
        /// the same key). `JSONSerialization` and most parsers keep the last of them silently,
        /// so `{"email":"a","email":"b"}` would mean whatever a proxy, a log or a signature
        /// checker that keeps the first one does not; such a body is refused.
        case duplicate(String)
        /// A limit passed: the field (snake_case path, `body` for the whole) and the stable code
        /// (`too_long`, `too_many_items`, `too_many_fields`, `too_deep` or `unknown_field`).
        case field(String, String)
    }

    /// The paths (`email`, `proof_of_work.seed`) of the non-null fields of the body's objects,
    /// objects within objects (not into arrays); or the first problem, in the body's order.
    static func fieldPaths(of bytes: [UInt8]) throws(Problem) -> [String] {
        var scan = JSONScan(bytes: bytes)
        scan.skipWhitespace()
        guard scan.peek == UInt8(ascii: "{") else { throw .invalid }
        try scan.value(path: "", depth: 1, collecting: true)
        scan.skipWhitespace()
        guard scan.index == bytes.count else { throw .invalid }
        return scan.paths
    }

    private let bytes: [UInt8]
    private var index = 0
    private var paths: [String] = []

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = peek,
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\t")
        {
            index += 1
        }
    }

    /// One value at `path`; an object's fields are collected when `collecting` (objects
    /// within objects from the top, as `JSONShape.unknownField` walks them).
    private mutating func value(path: String, depth: Int, collecting: Bool) throws(Problem) {
        skipWhitespace()
        let name = Self.name(path)
        switch peek {
        case UInt8(ascii: "{"):
            guard depth <= JSONShape.maximumDepth else { throw .field(name, "too_deep") }
            try object(path: path, depth: depth, collecting: collecting)
        case UInt8(ascii: "["):
            guard depth <= JSONShape.maximumDepth else { throw .field(name, "too_deep") }
            try array(path: path, depth: depth)
        case UInt8(ascii: "\""):
            let token = try string()
            guard token.count - 2 > JSONShape.maximumStringLength else { return }
            guard Self.decoded(token).count <= JSONShape.maximumStringLength else { throw .field(name, "too_long") }
        case nil:
            throw .invalid
        default:
            try literal()
        }
    }

    private mutating func object(path: String, depth: Int, collecting: Bool) throws(Problem) {
        var keys = Set<String>()
        guard !opensEmpty(closing: UInt8(ascii: "}")) else { return }
        repeat {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw .invalid }
            let key = Self.decoded(try string())
            guard keys.insert(key).inserted else { throw .duplicate(key) }
            guard keys.count <= JSONShape.maximumFields else { throw .field(Self.name(path), "too_many_fields") }
            guard key.count <= JSONShape.maximumKeyLength else { throw .field(Self.name(path), "unknown_field") }
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw .invalid }
            index += 1
            skipWhitespace()
            let field = path.isEmpty ? key : "\(path).\(key)"
            if collecting && peek != UInt8(ascii: "n") { paths.append(field) }
            try value(path: field, depth: depth + 1, collecting: collecting)
        } while try !closes(UInt8(ascii: "}"))
    }

    private mutating func array(path: String, depth: Int) throws(Problem) {
        var count = 0
        guard !opensEmpty(closing: UInt8(ascii: "]")) else { return }
        repeat {
            count += 1
            guard count <= JSONShape.maximumItems else { throw .field(Self.name(path), "too_many_items") }
            try value(path: path, depth: depth + 1, collecting: false)
        } while try !closes(UInt8(ascii: "]"))
    }

    /// Steps past a container's opening bracket; true, past its closing one too, when it is empty.
    private mutating func opensEmpty(closing: UInt8) -> Bool {
        index += 1
        skipWhitespace()
        guard peek == closing else { return false }
        index += 1
        return true
    }

    /// After an item: past a comma (false, another item follows) or past `closing` (true).
    private mutating func closes(_ closing: UInt8) throws(Problem) -> Bool {
        skipWhitespace()
        switch peek {
        case UInt8(ascii: ","):
            index += 1
            return false
        case closing:
            index += 1
            return true
        default: throw .invalid
        }
    }

    /// How a problem names the container at `path`: `body` for the whole.
    private static func name(_ path: String) -> String { path.isEmpty ? "body" : path }

    /// A string token, quotes included; `index` moves past its closing quote.
    private mutating func string() throws(Problem) -> ArraySlice<UInt8> {
        let start = index
        index += 1
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\") { index += 1 }
            index += 1
        }
        guard index < bytes.count else { throw .invalid }
        index += 1
        return bytes[start..<index]
    }

    /// A number, `true`, `false` or `null`: up to the next delimiter (its spelling is the
    /// decoder's to check).
    private mutating func literal() throws(Problem) {
        let start = index
        while let byte = peek,
            byte != UInt8(ascii: ","), byte != UInt8(ascii: "}"), byte != UInt8(ascii: "]"),
            byte != UInt8(ascii: " "), byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r"),
            byte != UInt8(ascii: "\t"), byte != UInt8(ascii: "\""), byte != UInt8(ascii: "{"),
            byte != UInt8(ascii: "["), byte != UInt8(ascii: ":")
        {
            index += 1
        }
        guard index > start else { throw .invalid }
    }

    /// A string token's text: read straight from its bytes unless it holds an escape.
    private static func decoded(_ token: ArraySlice<UInt8>) -> String {
        let inner = token.dropFirst().dropLast()
        if !inner.contains(UInt8(ascii: "\\")) { return String(decoding: inner, as: UTF8.self) }
        return (try? JSONDecoder().decode(String.self, from: Data(token))) ?? ""
    }
}
