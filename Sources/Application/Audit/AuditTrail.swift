import Crypto
import Domain
import Foundation
import Storage

/// Appends to the audit log and checks it. Each entry's hash is an HMAC (key outside the
/// database) over the entry and the previous entry's hash: editing, inserting or deleting an
/// entry breaks the chain, and someone who can write to the database cannot mend it without
/// the key.
public struct AuditTrail: Sendable {
    let database: any DatabaseClient
    let key: [UInt8]
    let clock: any AppClock
    let index: BlindIndex
    /// Signs checkpoints of the head, with a key pair derived from the same secret.
    public let signer: AuditCheckpointSigner
    private let lockouts = LockoutMemory()

    public init(database: any DatabaseClient, key: [UInt8], clock: any AppClock, index: BlindIndex) {
        self.database = database
        self.key = key
        self.clock = clock
        self.index = index
        self.signer = AuditCheckpointSigner(secret: key)
    }

    /// A signed checkpoint of the head as it is now.
    public func checkpoint() async throws -> AuditCheckpoint {
        let head = try await database.read { try await AuditLogStore($0).head() }
        return signer.sign(seq: head.seq, head: head.hash, at: clock.now())
    }

    /// An unauthenticated client, named by the keyed hash of its address (addresses are
    /// personal data and stay out of the log).
    public func client(_ address: String?) -> AuditActor {
        .client(address.map { String(index.hash("client\u{1F}\($0)").prefix(16)) } ?? "unknown")
    }

    /// Records that a limit refused a client, once per limit, client and window in this process,
    /// so an attack cannot flood the log with one entry per refused request.
    public func recordLockout(rule: String, until: Date, actor: AuditActor) async throws {
        guard lockouts.isFirst("\(rule)\u{1F}\(actor.text)\u{1F}\(until.timeIntervalSince1970)", now: clock.now())
        else {
            return
        }
        try await record(.rateLimited, actor: actor, details: ["rule": rule])
    }

    /// Records an event in its own transaction. `details` must hold no personal data.
    public func record(
        _ event: AuditEvent, actor: AuditActor, subject: String = "", details: [String: String] = [:]
    ) async throws {
        let now = clock.now()
        try await database.transaction { connection in
            try await self.append(event, actor: actor, subject: subject, details: details, now: now, in: connection)
        }
    }

    /// Records an event inside a caller's transaction, so the action and its record commit together.
    public func append(
        _ event: AuditEvent, actor: AuditActor, subject: String, details: [String: String], now: Date,
        in connection: StorageConnection
    ) async throws {
        let store = AuditLogStore(connection)
        let head = try await store.lockHead()
        var entry = AuditEntry(
            seq: head.seq + 1, at: Date(millisecondsSince1970: now.millisecondsSince1970), event: event.rawValue,
            actor: actor.text, subject: subject, details: Self.encode(details), previousHash: head.hash, hash: "")
        entry.hash = hash(entry)
        try await store.append(entry)
    }

    public struct Verification: Sendable {
        public var entries: Int64
        public var headHash: String
        /// The first entry found wrong and why, or nil when the chain is whole.
        public var problem: (seq: Int64, reason: String)?
    }

    /// Walks the whole chain from the first entry to the head. `expecting`, written down
    /// earlier, must still be in the chain: a head hash printed by `verify` must be some entry's
    /// hash; a signed checkpoint line (`AuditCheckpoint`) must carry this platform's signature
    /// and its entry `seq` must still have its hash. Rewriting the head row after cutting the
    /// newest entries passes every other check, not this one.
    public func verify(expecting expected: String? = nil, batchSize: Int = 1000) async throws -> Verification {
        let head = try await database.read { try await AuditLogStore($0).head() }
        var checkpoint = expected
        var pinned: AuditCheckpoint?
        if let expected, let line = AuditCheckpoint(line: expected) {
            guard signer.isAuthentic(line) else {
                return Verification(
                    entries: 0, headHash: head.hash,
                    problem: (line.seq, "the checkpoint is not signed by this platform's audit key"))
            }
            guard line.seq > 0 else { return try await verify(batchSize: batchSize) }
            pinned = line
            checkpoint = nil
        }
        var expectedSeq: Int64 = 1
        var previousHash = ""
        var checkpointFound = checkpoint == nil && pinned == nil
        while true {
            let after = expectedSeq - 1
            let batch = try await database.read { try await AuditLogStore($0).entries(after: after, limit: batchSize) }
            for entry in batch {
                if entry.seq != expectedSeq {
                    return Verification(
                        entries: expectedSeq - 1, headHash: head.hash,
                        problem: (expectedSeq, "entry \(expectedSeq) is missing"))
                }
                if entry.previousHash != previousHash {
                    return Verification(
                        entries: expectedSeq - 1, headHash: head.hash,
                        problem: (entry.seq, "entry \(entry.seq) does not follow the entry before it"))
                }
                if !ConstantTime.equal(Array(hash(entry).utf8), Array(entry.hash.utf8)) {
                    return Verification(
                        entries: expectedSeq - 1, headHash: head.hash,
                        problem: (entry.seq, "entry \(entry.seq) was changed after it was written"))
                }
                if let checkpoint, ConstantTime.equal(Array(entry.hash.utf8), Array(checkpoint.lowercased().utf8)) {
                    checkpointFound = true
                }
                if let pinned, entry.seq == pinned.seq {
                    guard entry.hash == pinned.head else {
                        return Verification(
                            entries: expectedSeq - 1, headHash: head.hash,
                            problem: (entry.seq, "entry \(entry.seq) is not the one the checkpoint of \(pinned.at) saw")
                        )
                    }
                    checkpointFound = true
                }
                previousHash = entry.hash
                expectedSeq += 1
            }
            if batch.count < batchSize { break }
        }
        let last = expectedSeq - 1
        guard last == head.seq, previousHash == head.hash else {
            return Verification(
                entries: last, headHash: head.hash,
                problem: (last + 1, "the log ends at entry \(last) but its head says \(head.seq): entries were removed")
            )
        }
        guard checkpointFound else {
            return Verification(
                entries: last, headHash: head.hash,
                problem: (
                    last + 1,
                    "the expected head \(pinned?.head ?? checkpoint ?? "") is not in the chain: entries were cut or rewritten"
                ))
        }
        return Verification(entries: last, headHash: head.hash, problem: nil)
    }

    func hash(_ entry: AuditEntry) -> String {
        let fields = [
            String(entry.seq), String(entry.at.millisecondsSince1970), entry.event, entry.actor, entry.subject,
            entry.details, entry.previousHash,
        ]
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data(fields.joined(separator: "\u{1F}").utf8), using: SymmetricKey(data: key))
        return ByteEncoding.hex(mac)
    }

    static func encode(_ details: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(details)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
