import Synchronization

/// One batch at a time: items submitted while a batch is being handled wait and form the next
/// one (up to `maximum`), so a busy system handles fewer, bigger batches and an idle one
/// handles each item at once. Group commit batches transactions with it; registrations batch
/// their rows with it.
public final class SerialBatches<Element: Sendable>: Sendable {
    private let state = Mutex<(queue: [Element], running: Bool)>(([], false))
    private let maximum: Int
    private let handle: @Sendable ([Element]) async -> Void

    public init(maximum: Int, handle: @escaping @Sendable ([Element]) async -> Void) {
        self.maximum = maximum
        self.handle = handle
    }

    /// Items waiting for the next batch.
    public var queued: Int { state.withLock { $0.queue.count } }
    /// Whether a batch is being handled.
    public var isRunning: Bool { state.withLock { $0.running } }

    public func submit(_ element: Element) {
        let start = state.withLock { state -> Bool in
            state.queue.append(element)
            guard !state.running else { return false }
            state.running = true
            return true
        }
        // Every item waits for this one task, which awaits the database several times a batch;
        // at high priority each of its resumptions goes ahead of the request handlers queued
        // on the same two cores instead of behind them.
        if start { Task(priority: .high) { await self.drain() } }
    }

    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Element] in
                let batch = Array(state.queue.prefix(maximum))
                state.queue.removeFirst(batch.count)
                if batch.isEmpty { state.running = false }
                return batch
            }
            if batch.isEmpty { return }
            await handle(batch)
        }
    }
}
