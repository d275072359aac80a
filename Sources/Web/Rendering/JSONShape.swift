import Foundation

/// Limits every JSON request body meets before it is decoded, whatever the route: how deep,
/// how many fields and items, how long a string. Typed decoding then rejects unknown fields.
struct JSONShape {
    static let maximumDepth = 4
    static let maximumFields = 64
    static let maximumItems = 32
    static let maximumStringLength = 1_000

    enum Violation: Error, Equatable {
        case notAnObject
        /// The field (snake_case path) and the stable code: `too_long`, `too_many_items`,
        /// `too_many_fields`, `too_deep` or `unknown_field`.
        case field(String, String)
    }

    /// Checks the parsed body's size limits.
    static func check(_ json: Any) throws(Violation) {
        guard let object = json as? [String: Any] else { throw .notAnObject }
        try check(object, path: "", depth: 1)
    }

    private static func check(_ value: Any, path: String, depth: Int) throws(Violation) {
        let name = path.isEmpty ? "body" : path
        switch value {
        case let object as [String: Any]:
            guard depth <= maximumDepth else { throw .field(name, "too_deep") }
            guard object.count <= maximumFields else { throw .field(name, "too_many_fields") }
            for (key, child) in object.sorted(by: { $0.key < $1.key }) {
                guard key.count <= 64 else { throw .field(name, "unknown_field") }
                try check(child, path: path.isEmpty ? key : "\(path).\(key)", depth: depth + 1)
            }
        case let array as [Any]:
            guard depth <= maximumDepth else { throw .field(name, "too_deep") }
            guard array.count <= maximumItems else { throw .field(name, "too_many_items") }
            for child in array { try check(child, path: path, depth: depth + 1) }
        case let text as String:
            guard text.count <= maximumStringLength else { throw .field(name, "too_long") }
        default:
            break
        }
    }

    /// The first field of `sent` (non-null) that the decoded value does not have, found by
    /// encoding the value back with the same key convention: a field the route does not know.
    static func unknownField(sent: Any, decoded: Any, path: String = "") -> String? {
        guard let sent = sent as? [String: Any] else { return nil }
        let known = decoded as? [String: Any] ?? [:]
        for (key, value) in sent.sorted(by: { $0.key < $1.key }) where !(value is NSNull) {
            let field = path.isEmpty ? key : "\(path).\(key)"
            guard let match = known[key] else { return field }
            if let nested = unknownField(sent: value, decoded: match, path: field) { return nested }
        }
        return nil
    }

    /// The paths (`email`, `proof_of_work.seed`) of the non-null fields of `json`'s objects, as
    /// `unknownField` walks them (objects within objects; not into arrays).
    static func fieldPaths(_ json: Any, path: String = "") -> [String] {
        guard let object = json as? [String: Any] else { return [] }
        var paths: [String] = []
        for (key, value) in object where !(value is NSNull) {
            let field = path.isEmpty ? key : "\(path).\(key)"
            paths.append(field)
            paths.append(contentsOf: fieldPaths(value, path: field))
        }
        return paths
    }
}
