import HummingbirdCore
import NIOCore
import Synchronization

/// Counts open connections and knows which are idle (no request in progress: waiting for a
/// first request head, for the rest of one, or kept alive between requests). At the cap, a new
/// connection closes the connection idle the longest, so clients that hold connections without
/// finishing a request cannot shut others out; when every connection is busy, new ones wait
/// in the listen backlog until one closes.
public final class ConnectionTracker: Sendable {
    public let cap: Int
    private let state = Mutex(State())

    private struct State {
        var open = 0
        var idle: [ObjectIdentifier: Idle] = [:]
        var evicted = 0
    }

    private struct Idle {
        let since: NIODeadline
        let channel: any Channel
    }

    public init(cap: Int) {
        self.cap = cap
    }

    /// Connections open now.
    public var open: Int { state.withLock { $0.open } }

    /// Idle connections closed to make room, since the start.
    public var evicted: Int { state.withLock { $0.evicted } }

    func opened() {
        let victim: (any Channel)? = state.withLock { state in
            state.open += 1
            guard state.open > cap, let oldest = state.idle.min(by: { $0.value.since < $1.value.since }) else {
                return nil
            }
            state.idle[oldest.key] = nil
            state.evicted += 1
            return oldest.value.channel
        }
        victim?.close(promise: nil)
    }

    func closed() {
        state.withLock { $0.open -= 1 }
    }

    var isAcceptingNewConnections: Bool {
        state.withLock { $0.open < cap || !$0.idle.isEmpty }
    }

    func becameIdle(_ channel: any Channel, at now: NIODeadline) {
        state.withLock { $0.idle[ObjectIdentifier(channel)] = Idle(since: now, channel: channel) }
    }

    func becameBusy(_ channel: any Channel) {
        _ = state.withLock { $0.idle.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Hummingbird's hook on the listening socket: counts each accepted connection.
    struct Delegate: AvailableConnectionsDelegate {
        let tracker: ConnectionTracker
        func connectionOpened() { tracker.opened() }
        func connectionClosed() { tracker.closed() }
        func isAcceptingNewConnections() -> Bool { tracker.isAcceptingNewConnections }
    }

    var delegate: Delegate { Delegate(tracker: self) }
}
