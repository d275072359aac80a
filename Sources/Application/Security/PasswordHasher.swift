import HummingbirdBcrypt
import NIOCore
import NIOPosix

/// Hashes and checks passwords with bcrypt on a thread pool of its own, never on a request's
/// executor. Time spent here counts as `DeliberateTime`.
public struct PasswordHasher: Sendable {
    public let cost: UInt8
    /// Checked against when the account is unknown, so both cases take the same time.
    private let decoyHash: String

    /// Threads of their own: on NIO's shared pool, two hashes at once would hold back every
    /// SQLite statement (sqlite-nio runs there) for as long as they take.
    static let threads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: System.coreCount)
        pool.start()
        return pool
    }()

    public init(cost: UInt8) {
        self.cost = cost
        self.decoyHash = Bcrypt.hash("decoy password that matches nothing", cost: cost)
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await DeliberateTime.measure {
            try await Self.threads.runIfActive { Bcrypt.hash(password, cost: cost) }
        }
    }

    /// Verifies against `hash`, or against the decoy when there is no hash.
    public func verify(_ password: String, hash: String?) async throws -> Bool {
        let target = hash ?? decoyHash
        let matches = try await DeliberateTime.measure {
            try await Self.threads.runIfActive { Bcrypt.verify(password, hash: target) }
        }
        return matches && hash != nil
    }
}
