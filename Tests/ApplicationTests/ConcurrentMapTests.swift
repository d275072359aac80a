import Application
import Testing

@Suite struct ConcurrentMapTests {
    struct Odd: Error {}

    @Test func keepsTheItemsOrderAcrossChunks() async throws {
        let items = Array(0..<10_007)
        #expect(try await ConcurrentMap.map(items, chunks: 3) { $0 * 2 } == items.map { $0 * 2 })
        #expect(try await ConcurrentMap.map([5]) { $0 + 1 } == [6])
    }

    @Test func anErrorInAnyChunkIsThrown() async throws {
        await #expect(throws: Odd.self) {
            _ = try await ConcurrentMap.map(Array(0..<5_000), chunks: 4) { item in
                if item == 4_321 { throw Odd() }
                return item
            }
        }
    }
}
