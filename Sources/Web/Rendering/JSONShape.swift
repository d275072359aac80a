import Foundation

/// Limits every JSON request body meets before it is decoded, whatever the route: how deep,
/// how many fields and items, how long a string (`JSONScan` checks them). Typed decoding then
/// rejects unknown fields.
struct JSONShape {
    static let maximumDepth = 4
    static let maximumFields = 64
    /// A longer key is no field any route has: refused as unknown before it is decoded.
    static let maximumKeyLength = 64
    static let maximumItems = 32
    static let maximumStringLength = 1_000

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
