import Foundation

/// Finds an object key that appears twice in the same JSON object. `JSONSerialization` keeps
/// the last of them silently, so `{"email":"a","email":"b"}` would mean whatever a proxy,
/// a log or a signature checker that keeps the first one does not; such a body is refused.
enum JSONDuplicateKeys {
    /// The first repeated key (as decoded, so `"a"` and `"\u0061"` are the same key), or nil.
    /// `data` must already be valid JSON.
    static func first(in data: Data) -> String? {
        var scanner = Scanner(bytes: [UInt8](data))
        return scanner.run()
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        /// One entry per open container: the keys seen so far for an object, nil for an array.
        var containers: [Set<String>?] = []
        var expectingKey = false

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func run() -> String? {
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "{"):
                    containers.append([])
                    expectingKey = true
                case UInt8(ascii: "["):
                    containers.append(nil)
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    containers.removeLast()
                    expectingKey = false
                case UInt8(ascii: ","):
                    expectingKey = containers.last.map { $0 != nil } ?? false
                case UInt8(ascii: "\""):
                    let start = index
                    skipString()
                    if expectingKey, case .some(.some(var keys)) = containers.last {
                        let key = Self.key(bytes[start...index])
                        guard keys.insert(key).inserted else { return key }
                        containers[containers.count - 1] = keys
                        expectingKey = false
                    }
                default:
                    break
                }
                index += 1
            }
            return nil
        }

        /// A key as decoded: read straight from its bytes unless it holds an escape.
        private static func key(_ token: ArraySlice<UInt8>) -> String {
            let inner = token.dropFirst().dropLast()
            if !inner.contains(UInt8(ascii: "\\")) { return String(decoding: inner, as: UTF8.self) }
            return (try? JSONDecoder().decode(String.self, from: Data(token))) ?? ""
        }

        /// Moves `index` from a string's opening quote to its closing one.
        private mutating func skipString() {
            index += 1
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                index += 1
            }
        }
    }
}
