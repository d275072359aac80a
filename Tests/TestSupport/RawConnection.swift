import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A bare TCP connection to a test server, for sending part of a request and seeing whether
/// the server closes it, which no HTTP client library lets a test do.
public final class RawConnection {
    private let descriptor: Int32

    /// Connects to `127.0.0.1:port`; nil when the connection could not be made.
    public init?(port: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
    }

    /// Sends `text` as it is (no line endings added).
    @discardableResult
    public func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            == bytes.count
    }

    /// Reads until the server closes the connection or `timeout` passes; whether it closed,
    /// and what it sent before closing.
    public func waitForClose(within timeout: Duration) -> (closed: Bool, received: String) {
        let deadline = ContinuousClock.now + timeout
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return (true, String(decoding: received, as: UTF8.self)) }
            received += buffer[0..<count]
        }
        return (false, String(decoding: received, as: UTF8.self))
    }

    deinit {
        close(descriptor)
    }
}
