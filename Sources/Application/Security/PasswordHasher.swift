import HummingbirdBcrypt
import NIOPosix

/// Hashes and checks passwords with bcrypt on a thread pool, never on a request's executor.
public struct PasswordHasher: Sendable {
    public let cost: UInt8
    /// Checked against when the account is unknown, so both cases take the same time.
    private let decoyHash: String

    public init(cost: UInt8) {
        self.cost = cost
        self.decoyHash = Bcrypt.hash("decoy password that matches nothing", cost: cost)
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Verifies against `hash`, or against the decoy when there is no hash.
    public func verify(_ password: String, hash: String?) async throws -> Bool {
        let target = hash ?? decoyHash
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: target) }
        return matches && hash != nil
    }
}
