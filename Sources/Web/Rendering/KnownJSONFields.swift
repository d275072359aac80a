import Synchronization

/// The fields each request type is known to have, learnt from its own encodings: a body whose
/// every field is already known skips the check that encodes the decoded value back
/// (`JSONShape.unknownField`), which is most of what strict decoding cost a registration. A
/// field enters only by appearing in such an encoding, so an unknown field is never learnt.
final class KnownJSONFields: Sendable {
    static let shared = KnownJSONFields()

    private let fields = Mutex<[ObjectIdentifier: Set<String>]>([:])

    func knows(_ paths: [String], of type: Any.Type) -> Bool {
        fields.withLock { known in
            guard let set = known[ObjectIdentifier(type)] else { return false }
            return paths.allSatisfy(set.contains)
        }
    }

    func learn(_ paths: [String], of type: Any.Type) {
        fields.withLock { $0[ObjectIdentifier(type), default: []].formUnion(paths) }
    }
}
