import CSV
import Foundation
import NIOPosix

/// The rows of a CSV file (RFC 4180: quoted fields, doubled quotes, CRLF), parsed by CSV.swift.
/// Rows are read in batches on NIO's thread pool, so a list of millions never sits in memory at
/// once and no blocking file read runs on Swift's cooperative threads.
public struct CSVRows: AsyncSequence, Sendable {
    public struct Row: Sendable, Equatable {
        /// 1 for the first row (the header, in the files we import).
        public let number: Int
        public let fields: [String]

        /// A row with nothing in it, such as a blank line.
        public var isBlank: Bool { fields.allSatisfy { $0.allSatisfy(\.isWhitespace) } }
    }

    public struct Unreadable: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "cannot read \(path)" }
    }

    let path: String
    let batchSize: Int

    public init(path: String, batchSize: Int = 4096) {
        self.path = path
        self.batchSize = batchSize
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(path: path, batchSize: batchSize)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let path: String
        let batchSize: Int
        var reader: Reader?
        /// The rest of the current batch, last row first.
        var pending: [Row] = []
        var finished = false

        init(path: String, batchSize: Int) {
            self.path = path
            self.batchSize = batchSize
        }

        public mutating func next() async throws -> Row? {
            if pending.isEmpty, !finished {
                let (path, size, open) = (path, batchSize, reader)
                let (reader, batch) = try await NIOThreadPool.singleton.runIfActive {
                    let reader = try open ?? Reader(path: path)
                    return (reader, try reader.read(size))
                }
                self.reader = reader
                finished = batch.count < size
                pending = batch.reversed()
            }
            return pending.popLast()
        }
    }

    /// The parser, used by one iterator at a time, one batch after another, and only on the
    /// thread pool.
    final class Reader: @unchecked Sendable {
        private let stream: InputStream
        private let csv: CSVReader
        private var number = 0

        init(path: String) throws {
            guard FileManager.default.isReadableFile(atPath: path), let stream = InputStream(fileAtPath: path) else {
                throw Unreadable(path: path)
            }
            self.stream = stream
            csv = try CSVReader(stream: stream)
        }

        func read(_ count: Int) throws -> [Row] {
            var rows: [Row] = []
            rows.reserveCapacity(count)
            while rows.count < count, let fields = csv.next() {
                number += 1
                rows.append(Row(number: number, fields: fields))
            }
            // Foundation on Linux reports bytes available at the end of a file, so CSV.swift reads
            // past it and records `cannotReadFile`; at the end of the stream that is no error.
            if let error = csv.error {
                guard case CSVError.cannotReadFile = error, stream.streamStatus == .atEnd else { throw error }
            }
            return rows
        }
    }
}
