import Foundation
import Synchronization

/// What one step of the surge saw: outcomes, latency of admitted requests, and waits in line.
final class StepStatistics: Sendable {
    let name: String
    private struct Counts {
        var attempted = 0
        var accepted = 0
        var queued = 0
        var rejected = 0
        var errors = 0
        var latencies: [Double] = []
        var longestWait: Double = 0
        var errorSamples: [String] = []
    }
    private let counts = Mutex(Counts())

    init(name: String) {
        self.name = name
    }

    func attempted() { counts.withLock { $0.attempted += 1 } }
    func accepted(latency: Double) {
        counts.withLock {
            $0.accepted += 1
            $0.latencies.append(latency)
        }
    }
    /// A request answered with a 4xx other than the waiting room: refused by the rules.
    func rejected(latency: Double) {
        counts.withLock {
            $0.rejected += 1
            $0.latencies.append(latency)
        }
    }
    func queued() { counts.withLock { $0.queued += 1 } }
    func waited(_ seconds: Double) { counts.withLock { $0.longestWait = max($0.longestWait, seconds) } }
    func error(_ description: String) {
        counts.withLock {
            $0.errors += 1
            if $0.errorSamples.count < 5 { $0.errorSamples.append(description) }
        }
    }

    var acceptedCount: Int { counts.withLock { $0.accepted } }

    /// One line: `step=… attempted=… accepted=… queued=… rejected=… errors=… p50_ms=… p99_ms=… max_ms=… longest_wait_s=…`.
    func report(elapsed: Double? = nil) -> String {
        counts.withLock { counts in
            let sorted = counts.latencies.sorted()
            func percentile(_ share: Double) -> String {
                guard !sorted.isEmpty else { return "-" }
                let index = min(sorted.count - 1, Int((Double(sorted.count) * share).rounded(.up)) - 1)
                return String(format: "%.1f", sorted[max(0, index)] * 1000)
            }
            var line =
                "step=\(name) attempted=\(counts.attempted) accepted=\(counts.accepted) queued=\(counts.queued) "
                + "rejected=\(counts.rejected) errors=\(counts.errors) p50_ms=\(percentile(0.5)) "
                + "p99_ms=\(percentile(0.99)) max_ms=\(sorted.last.map { String(format: "%.1f", $0 * 1000) } ?? "-") "
                + "longest_wait_s=\(String(format: "%.1f", counts.longestWait))"
            if let elapsed, elapsed > 0 {
                line += " accepted_per_s=\(String(format: "%.0f", Double(counts.accepted) / elapsed))"
            }
            if !counts.errorSamples.isEmpty { line += " error_samples=\(counts.errorSamples)" }
            return line
        }
    }
}
