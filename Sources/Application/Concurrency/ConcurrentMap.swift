/// CPU-bound work over many items (opening and decoding a wave's profiles, encoding its
/// announcements) spread over the machine's cores: the items in a few contiguous chunks, each
/// on its own task, the results in the items' order.
public enum ConcurrentMap {
    public static func map<Item: Sendable, Result: Sendable>(
        _ items: [Item], chunks: Int = 4, _ transform: @escaping @Sendable (Item) throws -> Result
    ) async throws -> [Result] {
        guard items.count > 1_000, chunks > 1 else { return try items.map(transform) }
        let size = (items.count + chunks - 1) / chunks
        return try await withThrowingTaskGroup(of: (Int, [Result]).self) { group in
            for (index, start) in stride(from: 0, to: items.count, by: size).enumerated() {
                let slice = Array(items[start..<min(start + size, items.count)])
                group.addTask { (index, try slice.map(transform)) }
            }
            var parts: [(Int, [Result])] = []
            for try await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }
}
