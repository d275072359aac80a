import Crypto
import Domain
import Foundation
import Storage

/// Marketplace partners: onboarding by operators (application, approval, suspension with a
/// reason), their API credentials (a client code and a signing key, rotated with an overlap),
/// and the check of every signed partner request.
public struct PartnerService: Sendable {
    let database: any DatabaseClient
    let clock: any AppClock
    let audit: AuditTrail
    let operators: OperatorService
    /// How long a replaced signing key keeps working, so a partner can deploy the new one.
    public let keyOverlap: TimeInterval

    public init(
        database: any DatabaseClient, clock: any AppClock, audit: AuditTrail, operators: OperatorService,
        keyOverlap: TimeInterval = 86_400
    ) {
        self.database = database
        self.clock = clock
        self.audit = audit
        self.operators = operators
        self.keyOverlap = keyOverlap
    }

    public enum Failure: Error, Equatable, Sendable {
        case invalidApplication(fields: [String])
        case unknownPartner
        /// The partner is not in a state that allows this change (approving a rejected one).
        case wrongStatus
        case reasonRequired

        public var code: String {
            switch self {
            case .invalidApplication: "invalid_partner_application"
            case .unknownPartner: "unknown_partner"
            case .wrongStatus: "partner_wrong_status"
            case .reasonRequired: "reason_required"
            }
        }
    }

    /// A new signing key, shown once: the platform keeps only its sealed copy.
    public struct Credentials: Sendable, Equatable {
        public var clientCode: String
        public var signingKey: String
    }

    /// Records an application; the partner can do nothing until approved.
    public func apply(_ application: PartnerApplication, as principal: OperatorPrincipal) async throws -> Partner {
        let actor = try await operators.authorize(principal, .managePartners, action: "partner.apply")
        let problems = application.problems()
        guard problems.isEmpty else { throw Failure.invalidApplication(fields: problems) }
        let now = clock.now()
        let partner = Partner(
            id: RandomTokens.timeOrderedID(now: now), kind: application.kind,
            name: application.name.trimmingCharacters(in: .whitespaces),
            legalName: application.legalName.trimmingCharacters(in: .whitespaces),
            contactEmail: application.contactEmail.trimmingCharacters(in: .whitespaces),
            documents: application.documents.map { $0.trimmingCharacters(in: .whitespaces) }, status: .applied,
            clientCode: "prk_" + ByteEncoding.hex(SecureRandom.bytes(8)))
        let audit = self.audit
        try await database.transaction { connection in
            try await PartnerStore(connection).insert(partner, now: now)
            try await audit.append(
                .partnerChanged, actor: actor, subject: partner.id,
                details: ["status": partner.status.rawValue, "kind": partner.kind.rawValue], now: now, in: connection)
        }
        return partner
    }

    /// Approves an applicant, or reinstates a suspended partner.
    public func approve(partnerID: String, as principal: OperatorPrincipal) async throws {
        try await change(partnerID, to: .approved, reason: "", from: [.applied, .suspended], as: principal)
    }

    /// Suspends an approved partner: its requests are refused from now on.
    public func suspend(partnerID: String, reason: String, as principal: OperatorPrincipal) async throws {
        try await change(partnerID, to: .suspended, reason: reason, from: [.approved], as: principal)
    }

    public func reject(partnerID: String, reason: String, as principal: OperatorPrincipal) async throws {
        try await change(partnerID, to: .rejected, reason: reason, from: [.applied], as: principal)
    }

    private func change(
        _ id: String, to status: Partner.Status, reason: String, from: [Partner.Status],
        as principal: OperatorPrincipal
    ) async throws {
        let actor = try await operators.authorize(principal, .managePartners, action: "partner.\(status.rawValue)")
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if status != .approved, reason.isEmpty || reason.count > 500 { throw Failure.reasonRequired }
        let now = clock.now()
        let audit = self.audit
        try await database.transaction { connection in
            let store = PartnerStore(connection)
            guard try await store.find(id: id) != nil else { throw Failure.unknownPartner }
            guard try await store.setStatus(id: id, to: status, reason: reason, from: from, now: now) else {
                throw Failure.wrongStatus
            }
            try await audit.append(
                .partnerChanged, actor: actor, subject: id, details: ["status": status.rawValue, "reason": reason],
                now: now, in: connection)
        }
    }

    /// Issues a new signing key; the keys before it keep working for `keyOverlap`.
    public func issueKey(partnerID: String, as principal: OperatorPrincipal) async throws -> Credentials {
        let actor = try await operators.authorize(principal, .managePartners, action: "partner.issue_key")
        return try await issueKey(partnerID: partnerID, actor: actor)
    }

    func issueKey(partnerID: String, actor: AuditActor) async throws -> Credentials {
        let now = clock.now()
        let secret = ByteEncoding.hex(SecureRandom.bytes(32))
        let keyID = RandomTokens.timeOrderedID(now: now)
        let (audit, overlap) = (self.audit, keyOverlap)
        return try await database.transaction { connection in
            let store = PartnerStore(connection)
            guard let partner = try await store.find(id: partnerID) else { throw Failure.unknownPartner }
            try await store.addKey(
                id: keyID, partnerID: partnerID, secret: secret, retireOthersAt: now.addingTimeInterval(overlap),
                now: now)
            try await audit.append(
                .partnerKeyIssued, actor: actor, subject: partnerID, details: ["key": keyID], now: now, in: connection)
            return Credentials(clientCode: partner.clientCode, signingKey: secret)
        }
    }

    public func partners(as principal: OperatorPrincipal) async throws -> [Partner] {
        _ = try await operators.authorize(principal, .managePartners, action: "partner.list")
        return try await database.read { try await PartnerStore($0).all() }
    }

    public func partner(id: String) async throws -> Partner? {
        try await database.read { try await PartnerStore($0).find(id: id) }
    }

    /// What a signed request carries, as received.
    public struct SignedRequest: Sendable {
        public var clientCode: String?
        public var timestamp: String?
        public var signature: String?
        public var method: String
        /// The request target as sent: path and query.
        public var path: String
        public var body: [UInt8]

        public init(
            clientCode: String?, timestamp: String?, signature: String?, method: String, path: String, body: [UInt8]
        ) {
            self.clientCode = clientCode
            self.timestamp = timestamp
            self.signature = signature
            self.method = method
            self.path = path
            self.body = body
        }
    }

    /// The approved partner that signed `request`, or why it is refused. A signature is
    /// accepted once: the same one again within the window is a replay.
    public func authenticate(_ request: SignedRequest) async throws -> Partner {
        guard let clientCode = request.clientCode, !clientCode.isEmpty, clientCode.count <= 64,
            let timestamp = request.timestamp, let signature = request.signature,
            PartnerSignature.isWellFormed(signature)
        else { throw PartnerAuthFailure.missingCredentials }
        let now = clock.now()
        guard PartnerSignature.acceptedTimestamp(timestamp, now: now) != nil else {
            throw PartnerAuthFailure.timestampOutsideWindow
        }
        let found = try await database.read { connection -> (Partner, [String])? in
            let store = PartnerStore(connection)
            guard let partner = try await store.find(clientCode: clientCode) else { return nil }
            return (partner, try await store.activeKeys(partnerID: partner.id, now: now).map(\.secret))
        }
        guard let (partner, keys) = found else { throw PartnerAuthFailure.unknownClient }
        let message = PartnerSignature.message(
            clientCode: clientCode, timestamp: timestamp, method: request.method, path: request.path,
            body: request.body)
        let presented = Array(signature.lowercased().utf8)
        guard keys.contains(where: { ConstantTime.equal(Array(Self.sign(message, key: $0).utf8), presented) }) else {
            throw PartnerAuthFailure.invalidSignature
        }
        guard partner.status == .approved else { throw PartnerAuthFailure.partnerNotActive }
        let seen = RandomTokens.hash(clientCode + "\u{1F}" + signature.lowercased())
        guard try await database.transaction({ try await PartnerStore($0).recordSignature(hash: seen, now: now) })
        else { throw PartnerAuthFailure.replayed }
        return partner
    }

    /// The lowercase hex HMAC-SHA256 of `message` under a signing key, the key's text as its
    /// UTF-8 bytes (as partners' HMAC libraries take it).
    public static func sign(_ message: [UInt8], key: String) -> String {
        ByteEncoding.hex(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(key.utf8))))
    }

    /// Forgets accepted signatures older than the window (the worker's housekeeping).
    public func purgeSeenSignatures() async throws {
        let cutoff = clock.now().addingTimeInterval(-2 * PartnerSignature.window)
        try await database.transaction { try await PartnerStore($0).purgeSignatures(seenBefore: cutoff) }
    }
}
