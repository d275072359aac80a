import Foundation
import Logging
import Synchronization
import Testing

@testable import Web

/// Log lines written from many tasks at once arrive whole, one JSON object a line.
@Suite struct JSONLogHandlerTests {
    /// Takes each line in small pieces with pauses between them, as the system may when a line
    /// is longer than a pipe takes at once: without the output's lock, pieces of different
    /// lines interleave.
    final class PiecewiseSink: Sendable {
        let bytes = Mutex<[UInt8]>([])

        func write(_ data: Data) {
            var rest = [UInt8](data)[...]
            while !rest.isEmpty {
                let piece = rest.prefix(64)
                rest = rest.dropFirst(64)
                bytes.withLock { $0.append(contentsOf: piece) }
                usleep(50)
            }
        }
    }

    @Test func concurrentLinesNeverInterleave() async throws {
        let sink = PiecewiseSink()
        let output = LineOutput { sink.write($0) }
        let filler = String(repeating: "x", count: 2048)
        let (writers, linesEach) = (4, 5)
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    let logger = Logger(label: "test") { JSONLogHandler(label: $0, output: output) }
                    for line in 0..<linesEach {
                        logger.info(
                            "line", metadata: ["writer": "\(writer)", "line": "\(line)", "filler": "\(filler)"])
                    }
                }
            }
        }
        let lines = sink.bytes.withLock { $0 }.split(separator: 0x0A)
        #expect(lines.count == writers * linesEach)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: String]
            #expect(object?["filler"] == filler)
        }
    }
}
