import Foundation
import Synchronization

/// Lockouts already recorded, forgotten after an hour or beyond 10,000 entries.
final class LockoutMemory: Sendable {
    private let seen = Mutex<[String: Date]>([:])

    func isFirst(_ key: String, now: Date) -> Bool {
        seen.withLock { seen in
            if seen.count > 10_000 { seen = seen.filter { now.timeIntervalSince($0.value) < 3600 } }
            if seen.count > 10_000 { seen.removeAll() }
            guard seen[key] == nil else { return false }
            seen[key] = now
            return true
        }
    }
}
