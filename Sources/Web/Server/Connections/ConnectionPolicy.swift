import Foundation

/// How long a connection may take and how many may be open, so that clients that open
/// connections and send nothing (or a request head a byte at a time) cannot use up the
/// process's file descriptors.
public struct ConnectionPolicy: Sendable, Equatable {
    /// A new connection, or a request's body, must arrive in full within this
    /// (`PRAKERJA_REQUEST_HEAD_TIMEOUT_SECONDS`).
    public var requestHeadTimeout: Duration = .seconds(10)
    /// A kept-alive connection with no request in progress is closed after this
    /// (`PRAKERJA_IDLE_TIMEOUT_SECONDS`).
    public var idleTimeout: Duration = .seconds(30)
    /// The most connections open at once (`PRAKERJA_MAX_CONNECTIONS`); always kept below the
    /// open-file limit, which leaves room for the database, logs and outgoing connections.
    public var maximumConnections: Int = 10_000

    public init() {}

    /// Descriptors kept free for everything that is not a client connection.
    static func reserve(openFileLimit: Int) -> Int { max(64, openFileLimit / 8) }

    /// The cap in force with `openFileLimit` descriptors.
    public func connectionCap(openFileLimit: Int) -> Int {
        max(1, min(maximumConnections, openFileLimit - Self.reserve(openFileLimit: openFileLimit)))
    }
}
