import Synchronization

/// Set once when the process starts shutting down; read by loops that finish their current
/// piece of work before they stop.
final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)

    var isSet: Bool { value.load(ordering: .acquiring) }

    func set() { value.store(true, ordering: .releasing) }
}
