import Foundation
import TestSupport
import Testing

/// Clients that open connections and never finish a request (slowloris) must not take the
/// server down or shut anyone else out.
@Suite struct ConnectionLimitTests {
    /// Under a 256-descriptor limit, 300 connections that each sent part of a request head
    /// and then nothing: the server stays up and still answers `/health` and a registration.
    @Test func halfOpenConnectionsBeyondTheCapLeaveTheServerServing() async throws {
        let server = try await ServerProcess.start(
            databaseURL: try await TestDatabase.makeURL(.sqlite),
            environment: ["PRAKERJA_REQUEST_HEAD_TIMEOUT_SECONDS": "120"], openFileLimit: 256)

        let start = try #require(server.log.first { $0.contains("\"message\":\"starting\"") })
        #expect(start.contains("\"open_file_limit\":\"256\""))
        #expect(start.contains("\"connection_cap\":\"192\""))

        var attackers: [RawConnection] = []
        for _ in 0..<300 {
            guard let connection = RawConnection(port: server.port) else { continue }
            connection.send("GET /health HTTP/1.1\r\nHost: x\r\n")
            attackers.append(connection)
        }
        let http = HTTP(server.baseURL)
        #expect(try await http.get("/health").status == 200)
        #expect(try await http.register("tetap.dilayani@contoh.co.id").status == 202)
        #expect(server.exitStatus == nil)
        withExtendedLifetime(attackers) {}
        await server.stop()
    }

    /// A connection that never completes its request head is closed after the head timeout;
    /// one kept alive after its answer is closed after the idle timeout.
    @Test func slowAndIdleConnectionsAreClosed() async throws {
        let server = try await ServerProcess.start(
            databaseURL: try await TestDatabase.makeURL(.sqlite),
            environment: ["PRAKERJA_REQUEST_HEAD_TIMEOUT_SECONDS": "1", "PRAKERJA_IDLE_TIMEOUT_SECONDS": "2"])

        let slow = try #require(RawConnection(port: server.port))
        slow.send("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        #expect(slow.waitForClose(within: .seconds(5)).closed)

        let idle = try #require(RawConnection(port: server.port))
        idle.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        let started = ContinuousClock.now
        let answer = idle.waitForClose(within: .seconds(8))
        #expect(answer.closed)
        #expect(answer.received.hasPrefix("HTTP/1.1 200"))
        #expect(ContinuousClock.now - started >= .milliseconds(1500), "closed before its idle timeout")
        await server.stop()
    }
}
