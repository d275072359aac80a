import Application
import AsyncHTTPClient
import Domain
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// The civil registry over HTTP(S): `GET {base}/nik/{nik}`. Each call has a timeout, failed
/// calls are retried with backoff, a circuit breaker stops calling after repeated failures, and
/// a token bucket caps the request rate, because the registry's capacity is shared by the whole
/// country (it was a bottleneck in 2020).
public final class HTTPCivilRegistry: CivilRegistry {
    let baseURL: String
    let timeout: TimeAmount
    let maxAttempts: Int
    let retryDelay: Duration
    let clock: any AppClock
    private let breaker: Mutex<CircuitBreaker>
    private let limiter: Mutex<TokenBucket>

    public init(
        baseURL: String, requestsPerSecond: Int = 200, timeout: Duration = .seconds(5), maxAttempts: Int = 3,
        retryDelay: Duration = .milliseconds(100),
        breaker: CircuitBreaker = .init(failureThreshold: 5, openDuration: 30), clock: any AppClock = SystemClock()
    ) {
        self.clock = clock
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let (seconds, attoseconds) = timeout.components
        self.timeout = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        self.maxAttempts = maxAttempts
        self.retryDelay = retryDelay
        self.breaker = Mutex(breaker)
        self.limiter = Mutex(
            TokenBucket(capacity: requestsPerSecond, refillPerSecond: Double(requestsPerSecond), now: clock.now()))
    }

    public func lookup(nik: String) async throws -> RegistryRecord? {
        var lastProblem = "no attempt made"
        for attempt in 1...maxAttempts {
            guard breaker.withLock({ $0.allowsCall(now: clock.now()) }) else { throw CivilRegistryError.circuitOpen }
            do {
                try await waitForCapacity()
                let record = try await fetch(nik: nik)
                breaker.withLock { $0.recordSuccess() }
                return record
            } catch let error as CivilRegistryError {
                breaker.withLock { $0.recordAbandoned(now: clock.now()) }
                throw error
            } catch let error where Task.isCancelled || error is CancellationError {
                breaker.withLock { $0.recordAbandoned(now: clock.now()) }
                throw error
            } catch {
                breaker.withLock { $0.recordFailure(now: clock.now()) }
                lastProblem = String(describing: error)
                if attempt < maxAttempts { try await Task.sleep(for: retryDelay * (1 << (attempt - 1))) }
            }
        }
        throw CivilRegistryError.unavailable(lastProblem)
    }

    struct UnexpectedStatus: Error, CustomStringConvertible {
        let code: UInt
        var description: String { "the registry answered HTTP \(code)" }
    }

    private func fetch(nik: String) async throws -> RegistryRecord? {
        guard nik.count == 16, nik.allSatisfy(\.isNumber) else { return nil }
        let request = HTTPClientRequest(url: "\(baseURL)/nik/\(nik)")
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: 64 * 1024)
        switch response.status.code {
        case 200:
            let decoded = try JSONDecoder().decode(RegistryRecordBody.self, from: Data(body.readableBytesView))
            guard let record = decoded.record, record.nik == nik else { throw UnexpectedStatus(code: 200) }
            return record
        case 404:
            return nil
        default:
            throw UnexpectedStatus(code: response.status.code)
        }
    }

    /// Waits for a token rather than exceeding the agreed rate.
    private func waitForCapacity() async throws {
        while true {
            switch limiter.withLock({ $0.take(now: clock.now()) }) {
            case .allowed: return
            case .limited(let retryAfter): try await Task.sleep(for: .milliseconds(Int(retryAfter * 1000) + 1))
            }
        }
    }
}
