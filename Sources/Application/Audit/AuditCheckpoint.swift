import Crypto
import Domain
import Foundation
import Storage

/// The audit chain's head at a moment, signed: `seq`, `head` (the newest entry's hash) and
/// `at`. Kept outside the database (the log, the auditors' mailboxes), a checkpoint catches
/// a chain cut back and re-headed later: entry `seq` must still carry `head`. It is signed
/// with an Ed25519 key derived from the platform secret, so an auditor can check it against
/// the public key alone and nobody without the secret can forge one.
public struct AuditCheckpoint: Sendable, Equatable {
    public let seq: Int64
    public let head: String
    public let at: Date
    public let signature: String

    static let prefix = "prakerja-audit-checkpoint/1"

    /// One line: `prakerja-audit-checkpoint/1 seq=… head=… at=… sig=…`.
    public var line: String { "\(signedText) sig=\(signature)" }

    var signedText: String {
        Self.signedText(seq: seq, head: head, at: at)
    }

    static func signedText(seq: Int64, head: String, at: Date) -> String {
        "\(prefix) seq=\(seq) head=\(head.isEmpty ? "-" : head) at=\(at.millisecondsSince1970)"
    }

    /// Reads a line written by `line`; nil when it is not one.
    public init?(line: String) {
        let fields = line.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        guard fields.count == 5, fields[0] == Self.prefix else { return nil }
        var values: [Substring: Substring] = [:]
        for field in fields.dropFirst() {
            let pair = field.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { return nil }
            values[pair[0]] = pair[1]
        }
        guard let seq = values["seq"].flatMap({ Int64($0) }), let head = values["head"],
            let at = values["at"].flatMap({ Int64($0) }), let signature = values["sig"]
        else { return nil }
        self.init(
            seq: seq, head: head == "-" ? "" : String(head), at: Date(millisecondsSince1970: at),
            signature: String(signature))
    }

    init(seq: Int64, head: String, at: Date, signature: String) {
        self.seq = seq
        self.head = head
        self.at = at
        self.signature = signature
    }
}

/// Makes and checks checkpoints with the key pair derived from the audit secret.
public struct AuditCheckpointSigner: Sendable {
    /// The private key's seed; Crypto's key type is not `Sendable`, so it is made per use.
    let seed: Data

    public init(secret: [UInt8]) {
        let derived = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: secret), info: Data("audit-checkpoint".utf8), outputByteCount: 32)
        seed = derived.withUnsafeBytes { Data($0) }
    }

    // A 32-byte seed is always a valid Ed25519 private key.
    private var key: Curve25519.Signing.PrivateKey { try! Curve25519.Signing.PrivateKey(rawRepresentation: seed) }

    /// The public key auditors check signatures with, hex.
    public var publicKey: String { ByteEncoding.hex(key.publicKey.rawRepresentation) }

    public func sign(seq: Int64, head: String, at: Date) -> AuditCheckpoint {
        let at = Date(millisecondsSince1970: at.millisecondsSince1970)
        let text = AuditCheckpoint.signedText(seq: seq, head: head, at: at)
        let signature = try! key.signature(for: Data(text.utf8))
        return AuditCheckpoint(seq: seq, head: head, at: at, signature: signature.base64EncodedString())
    }

    /// Whether `checkpoint` was signed by this platform's key.
    public func isAuthentic(_ checkpoint: AuditCheckpoint) -> Bool {
        guard let signature = Data(base64Encoded: checkpoint.signature) else { return false }
        return key.publicKey.isValidSignature(signature, for: Data(checkpoint.signedText.utf8))
    }
}
