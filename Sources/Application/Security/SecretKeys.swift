import Crypto
import Foundation

/// Keys derived from the one configured secret (`PRAKERJA_SECRET_KEY`), one per purpose, so a
/// key used for one thing can never be replayed for another.
public struct SecretKeys: Sendable {
    // Raw bytes rather than SymmetricKey, which is not Sendable in the swift-crypto we use.
    public let oneTimeCodes: [UInt8]
    public let forms: [UInt8]
    /// Keyed hashes of identity numbers (blind indexes) for lookup and uniqueness.
    public let blindIndex: [UInt8]
    /// Signs proof-of-work challenges.
    public let proofOfWork: [UInt8]
    /// Signs waiting-room and admission tickets.
    public let admission: [UInt8]
    /// Chains the audit log's entries.
    public let audit: [UInt8]
    /// Signs the tokens that mark a browser or app that has signed in to an account before.
    public let knownDevices: [UInt8]
    /// Seeds each test sitting's question order.
    public let basicTest: [UInt8]

    public init(secret: some DataProtocol) {
        let master = SymmetricKey(data: Data(secret))
        func derive(_ purpose: String) -> [UInt8] {
            HKDF<SHA256>.deriveKey(
                inputKeyMaterial: master, info: Data("prakerja/\(purpose)".utf8), outputByteCount: 32
            ).withUnsafeBytes { Array($0) }
        }
        oneTimeCodes = derive("one-time-codes")
        forms = derive("forms")
        blindIndex = derive("blind-index")
        proofOfWork = derive("proof-of-work")
        admission = derive("admission")
        audit = derive("audit")
        knownDevices = derive("known-devices")
        basicTest = derive("basic-test")
    }
}
