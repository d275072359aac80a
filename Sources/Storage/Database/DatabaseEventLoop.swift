import NIOPosix

/// The event loop a database client's connections complete their work on: one of its own, not
/// the HTTP server's. On the server's loops every statement's answer waited behind the sockets
/// of the crowd being told to wait, and a registration's several statements each paid that wait.
enum DatabaseEventLoop {
    static func make() -> MultiThreadedEventLoopGroup { MultiThreadedEventLoopGroup(numberOfThreads: 1) }
}
