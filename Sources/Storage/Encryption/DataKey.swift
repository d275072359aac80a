import Foundation

/// A 256-bit key personal data is encrypted under, with the id stored beside each ciphertext.
public struct DataKey: Sendable, Equatable {
    public let id: String
    public let bytes: [UInt8]

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public init(id: String, bytes: [UInt8]) throws {
        guard (1...16).contains(id.count), id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else { throw Invalid(description: "a key id is 1 to 16 letters, digits or '-', got '\(id)'") }
        guard bytes.count == 32 else {
            throw Invalid(description: "key \(id) must be 32 bytes, got \(bytes.count)")
        }
        self.id = id
        self.bytes = bytes
    }

    /// `ID=BASE64`, the form key files and `PRAKERJA_DATA_KEYS` use.
    public var line: String { "\(id)=\(Data(bytes).base64EncodedString())" }

    /// Parses keys from `ID=BASE64` entries separated by commas or new lines; the first is
    /// the current key (new data is encrypted under it), the others can still be read.
    public static func parseList(_ text: String) throws -> [DataKey] {
        let entries = text.split(whereSeparator: { $0 == "," || $0.isNewline })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !entries.isEmpty else { throw Invalid(description: "no keys given (expected ID=BASE64)") }
        var keys: [DataKey] = []
        for entry in entries {
            guard let equals = entry.firstIndex(of: "=") else {
                throw Invalid(description: "expected ID=BASE64, got an entry without '='")
            }
            let id = String(entry[..<equals])
            guard let bytes = Data(base64Encoded: String(entry[entry.index(after: equals)...])) else {
                throw Invalid(description: "key \(id) is not base64")
            }
            let key = try DataKey(id: id, bytes: Array(bytes))
            guard !keys.contains(where: { $0.id == key.id }) else {
                throw Invalid(description: "key id \(id) appears twice")
            }
            keys.append(key)
        }
        return keys
    }
}
