import Synchronization

/// A flag that is set once and read from any task: "a connection was handed over", "the
/// process is shutting down".
public final class OnceFlag: Sendable {
    private let value = Atomic<Bool>(false)

    public init() {}

    public var isSet: Bool { value.load(ordering: .acquiring) }

    public func set() { value.store(true, ordering: .releasing) }
}
