import Testing

@testable import Domain

@Suite struct LocalRateCountsTests {
    /// One process with a shared counter beside it: every batch sees the same count before it
    /// as if all hits had been written, and the shared counter is written only past the threshold.
    @Test(arguments: [1, 2, 5, 25])
    func decidesAsAnExactCounterWouldAndWritesOnlyPastTheThreshold(threshold: Int) {
        var local = LocalRateCounts<String>()
        var shared = 0
        var exact = 0
        var writes = 0
        for step in 0..<40 {
            let hits = (step * 7) % 5 + 1
            let before: Int
            switch local.count("10.0.0.1", hits: hits, threshold: threshold, endsAt: 60, now: 0) {
            case .counted(let counted):
                before = counted
            case .shared(let increment):
                shared += increment
                writes += 1
                before = shared - hits
            }
            #expect(before == exact)
            exact += hits
            #expect(exact <= threshold ? writes == 0 : shared == exact)
        }
    }

    @Test func eachWindowAndSubjectCountsApart() {
        var local = LocalRateCounts<String>()
        #expect(local.count("a", hits: 3, threshold: 4, endsAt: 60, now: 0) == .counted(before: 0))
        #expect(local.count("b", hits: 4, threshold: 4, endsAt: 60, now: 0) == .counted(before: 0))
        #expect(local.count("a", hits: 2, threshold: 4, endsAt: 60, now: 0) == .shared(increment: 5))
        #expect(local.count("a", hits: 1, threshold: 4, endsAt: 60, now: 1) == .shared(increment: 1))
        #expect(local.count("b", hits: 1, threshold: 4, endsAt: 60, now: 1) == .shared(increment: 5))
    }

    /// Memory stays bounded: at capacity ended windows are forgotten, and while every window
    /// held is still running a new one is counted in the database from its first hit.
    @Test func atCapacityNewWindowsAreSharedUntilOldOnesEnd() {
        var local = LocalRateCounts<String>(capacity: 2)
        #expect(local.count("a", hits: 1, threshold: 10, endsAt: 60, now: 0) == .counted(before: 0))
        #expect(local.count("b", hits: 1, threshold: 10, endsAt: 120, now: 0) == .counted(before: 0))
        #expect(local.count("c", hits: 1, threshold: 10, endsAt: 120, now: 10) == .shared(increment: 1))
        #expect(local.count("a", hits: 1, threshold: 10, endsAt: 60, now: 10) == .counted(before: 1))
        #expect(local.count("c", hits: 1, threshold: 10, endsAt: 120, now: 60) == .counted(before: 0))
        #expect(local.count == 2)
    }
}
