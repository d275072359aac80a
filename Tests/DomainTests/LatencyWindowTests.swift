import Domain
import Testing

/// The waiting room's reading of request time: the median of recent requests.
@Suite struct LatencyWindowTests {
    let policy = AdmissionPolicy(capacity: 256, targetLatency: 0.25)

    /// The run that formed a line below capacity: requests at 30 ms, then one batch of 64 that
    /// all waited 300 ms for the same slow commit. The old smoothing (each sample a tenth of the
    /// average) read that batch as 300 ms, past the 250 ms target; the median of the window
    /// stays at 30 ms. Only when most recent requests are slow does the process count as full.
    @Test func oneSlowCommitDoesNotMakeTheProcessFull() {
        var window = LatencyWindow(size: 512)
        var average = 0.0
        for _ in 0..<448 {
            window.record(0.03)
            average = average == 0 ? 0.03 : average * 0.9 + 0.03 * 0.1
        }
        for _ in 0..<64 {
            window.record(0.3)
            average = average * 0.9 + 0.3 * 0.1
        }
        #expect(policy.load(inFlight: 64, latency: average) >= 1, "the old reading: full")
        #expect(policy.load(inFlight: 64, latency: window.median) < 1)
        #expect(window.median == 0.03)
        // Sustained slowness is still seen: most of the window slow.
        for _ in 0..<300 { window.record(0.3) }
        #expect(policy.load(inFlight: 64, latency: window.median) >= 1)
    }

    @Test func theWindowKeepsTheNewestSamplesAndForgetsOnClear() {
        var window = LatencyWindow(size: 4)
        #expect(window.median == 0)
        for value in [1.0, 2, 3, 4, 5, 6] { window.record(value) }
        #expect(window.count == 4)
        #expect(window.median == 4.5)  // 3, 4, 5, 6
        window.record(-1)
        #expect(window.median == 4.5)  // 0, 4, 5, 6: negative durations count as 0
        window.clear()
        #expect(window.count == 0 && window.median == 0)
    }
}
