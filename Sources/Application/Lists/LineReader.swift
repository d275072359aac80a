import Foundation

/// Reads a file line by line in fixed-size chunks, so a list of millions of rows never has to
/// fit in memory at once.
public struct LineReader: AsyncSequence, Sendable {
    public typealias Element = Substring
    let path: String
    let chunkSize: Int

    public init(path: String, chunkSize: Int = 1 << 20) {
        self.path = path
        self.chunkSize = chunkSize
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle?
        let chunkSize: Int
        var pending: [Substring] = []
        var carry = Data()
        var finished = false

        public mutating func next() async throws -> Substring? {
            while pending.isEmpty {
                guard !finished, let handle else { return nil }
                let chunk = try handle.read(upToCount: chunkSize) ?? Data()
                if chunk.isEmpty {
                    finished = true
                    try? handle.close()
                    if !carry.isEmpty {
                        pending = [Substring(String(decoding: carry, as: UTF8.self))]
                        carry = Data()
                    }
                    continue
                }
                carry.append(chunk)
                guard let lastNewline = carry.lastIndex(of: 0x0A) else { continue }
                let complete = String(decoding: carry[carry.startIndex..<lastNewline], as: UTF8.self)
                carry = Data(carry[carry.index(after: lastNewline)...])
                // "\r\n" is one Character in Swift, so it must be named as a separator too.
                pending = complete.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.reversed()
            }
            return pending.popLast()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(handle: FileHandle(forReadingAtPath: path), chunkSize: chunkSize)
    }
}
