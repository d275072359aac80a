import Domain
import Foundation
import Storage

/// Operator accounts: created by an admin (the first one from the command line), signed in with
/// a password and a TOTP code, and checked for a permission on every action. Denials, logins
/// and changes are recorded in the audit trail.
public struct OperatorService: Sendable {
    let database: any DatabaseClient
    let clock: any AppClock
    let passwords: PasswordHasher
    let passwordPolicy: PasswordPolicy
    let limiter: RateLimiter
    let audit: AuditTrail
    let sessionLifetime: TimeInterval
    let devices: KnownDevices

    public init(
        database: any DatabaseClient, clock: any AppClock, passwords: PasswordHasher, passwordPolicy: PasswordPolicy,
        limiter: RateLimiter, audit: AuditTrail, devices: KnownDevices, sessionLifetime: TimeInterval = 8 * 60 * 60
    ) {
        self.devices = devices
        self.database = database
        self.clock = clock
        self.passwords = passwords
        self.passwordPolicy = passwordPolicy
        self.limiter = limiter
        self.audit = audit
        self.sessionLifetime = sessionLifetime
    }

    public enum Failure: Error, Equatable, Sendable {
        /// Wrong username, password or code, or a disabled operator: never which.
        case invalidCredentials
        case unauthenticated
        case forbidden(OperatorPermission)
        case invalidUsername
        case usernameTaken
        case invalidPassword(PasswordPolicy.Violation)
        case invalidRoles
        case unknownOperator
        /// `operator create` without credentials works only while there is no operator.
        case bootstrapClosed
        /// Too many failed sign-ins to this operator account lately, from a device that has not
        /// signed in to it before; its known devices still can.
        case accountThrottled

        public var code: String {
            switch self {
            case .invalidCredentials: "invalid_credentials"
            case .unauthenticated: "unauthenticated"
            case .forbidden: "forbidden"
            case .invalidUsername: "invalid_username"
            case .usernameTaken: "username_taken"
            case .invalidPassword(let violation): AccountError.invalidPassword(violation).code
            case .invalidRoles: "invalid_roles"
            case .unknownOperator: "not_found"
            case .bootstrapClosed: "bootstrap_closed"
            case .accountThrottled: "account_throttled"
            }
        }
    }

    /// A new operator and the secret to load into their authenticator app, shown once.
    public struct Created: Sendable {
        public let id: String
        public let username: String
        public let roles: Set<OperatorRole>
        public let totpSecret: String
        public let provisioningURI: String
    }

    public struct SignedIn: Sendable {
        public let token: String
        public let expiresAt: Date
        public let record: OperatorRecord
        /// Marks this browser or client as one that has signed in as the operator before.
        public let deviceToken: String
    }

    /// The first admin, from the command line, while no operator exists.
    public func bootstrap(username: String, password: String) async throws -> Created {
        let existing = try await database.read { try await OperatorStore($0).count() }
        guard existing == 0 else { throw Failure.bootstrapClosed }
        return try await insert(username: username, password: password, roles: [.admin], actor: .commandLine)
    }

    /// Another operator, by one allowed to manage operators.
    public func create(by actor: OperatorRecord, username: String, password: String, roles: Set<OperatorRole>)
        async throws -> Created
    {
        try await authorize(actor, .manageOperators, action: "operator.create")
        guard !roles.isEmpty else { throw Failure.invalidRoles }
        return try await insert(username: username, password: password, roles: roles, actor: .operator(actor.id))
    }

    public func setRoles(by actor: OperatorRecord, operatorID: String, roles: Set<OperatorRole>) async throws {
        try await authorize(actor, .manageOperators, action: "operator.roles")
        guard !roles.isEmpty else { throw Failure.invalidRoles }
        let now = clock.now()
        let audit = self.audit
        try await database.transaction { connection in
            guard try await OperatorStore(connection).setRoles(id: operatorID, roles: roles) else {
                throw Failure.unknownOperator
            }
            // Sessions started under the old roles end: the new ones apply from the next login.
            try await OperatorStore(connection).deleteSessions(operatorID: operatorID)
            try await audit.append(
                .operatorRolesChanged, actor: .operator(actor.id), subject: "operator:\(operatorID)",
                details: ["roles": roles.text], now: now, in: connection)
        }
    }

    /// Disables an operator at once: their sessions end and they can no longer sign in.
    public func disable(by actor: OperatorRecord, operatorID: String) async throws {
        try await authorize(actor, .manageOperators, action: "operator.disable")
        let now = clock.now()
        let audit = self.audit
        try await database.transaction { connection in
            guard try await OperatorStore(connection).disable(id: operatorID, now: now) else {
                throw Failure.unknownOperator
            }
            try await audit.append(
                .operatorDisabled, actor: .operator(actor.id), subject: "operator:\(operatorID)", details: [:],
                now: now, in: connection)
        }
    }

    private func insert(username: String, password: String, roles: Set<OperatorRole>, actor: AuditActor)
        async throws -> Created
    {
        guard Self.isValidUsername(username) else { throw Failure.invalidUsername }
        do {
            try passwordPolicy.check(operatorPassword: password, username: username)
        } catch {
            throw Failure.invalidPassword(error)
        }
        let hash = try await passwords.hash(password)
        let secret = TOTP.generateSecret()
        let id = RandomTokens.token(bytes: 12)
        let now = clock.now()
        let audit = self.audit
        let inserted = try await database.transaction { connection in
            guard
                try await OperatorStore(connection).insert(
                    id: id, username: username, passwordHash: hash, totpSecret: secret, roles: roles, now: now)
            else { return false }
            try await audit.append(
                .operatorCreated, actor: actor, subject: "operator:\(id)",
                details: ["username": username, "roles": roles.text], now: now, in: connection)
            return true
        }
        guard inserted else { throw Failure.usernameTaken }
        let totp = TOTP(secret: secret)
        return Created(
            id: id, username: username, roles: roles, totpSecret: TOTPSecret.text(secret),
            provisioningURI: totp.provisioningURI(account: username))
    }

    static func isValidUsername(_ name: String) -> Bool {
        (3...32).contains(name.count)
            && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "._-".contains($0)) }
    }

    /// Checks the password and the TOTP code; each code works once. Failures are counted per
    /// username; past the limit, only a device that has signed in as that operator before
    /// (`device`, a known-device token) may try, so guessing from elsewhere stops without
    /// locking the operator out of their own browser.
    /// `onTheServer`: the command line, which runs where the platform's secrets are and is
    /// therefore as trusted as a known device.
    public func verify(
        username: String, password: String, code: String, client: String?, device: String? = nil,
        onTheServer: Bool = false
    ) async throws -> OperatorRecord {
        let now = clock.now()
        let rule = limiter.limits.secretChecksPerOperator
        if let client {
            try await limiter.enforce(
                [limiter.hit(limiter.limits.secretChecksPerAddress, subject: client, at: now)], database: database)
        }
        // A name that could never have been created is not looked up (PostgreSQL refuses text
        // with a NUL byte, which the fuzzer sends).
        let record =
            Self.isValidUsername(username)
            ? try await database.read { try await OperatorStore($0).find(username: username) } : nil
        let known =
            onTheServer || (record.map { devices.recognises(device, kind: .operator, id: $0.id, now: now) } ?? false)
        if !known, try await limiter.current(rule, subject: username, now: now, database: database) >= rule.limit {
            try await audit.recordLockout(
                rule: rule.name, until: now.addingTimeInterval(TimeInterval(rule.window)), actor: audit.client(client))
            throw Failure.accountThrottled
        }
        let usable = record?.isDisabled == false ? record : nil
        let passwordMatches = try await passwords.verify(password, hash: usable?.passwordHash)
        let step = usable.flatMap {
            TOTP(secret: $0.totpSecret).matchingStep(code, at: now, after: $0.lastTOTPStep)
        }
        guard passwordMatches, let usable, let step,
            try await database.transaction({ try await OperatorStore($0).useTOTPStep(id: usable.id, step: step) })
        else {
            try await limiter.record(rule, subject: username, now: now, database: database)
            try await audit.record(
                .operatorLoginFailed, actor: audit.client(client), subject: record.map { "operator:\($0.id)" } ?? "",
                details: ["step": passwordMatches ? "code" : "password"])
            throw Failure.invalidCredentials
        }
        return usable
    }

    public func login(username: String, password: String, code: String, client: String?, device: String? = nil)
        async throws -> SignedIn
    {
        let record = try await verify(
            username: username, password: password, code: code, client: client, device: device)
        let token = RandomTokens.token()
        let now = clock.now()
        let expiresAt = now.addingTimeInterval(sessionLifetime)
        let audit = self.audit
        try await database.transaction { connection in
            try await OperatorStore(connection).insertSession(
                tokenHash: RandomTokens.hash(token), operatorID: record.id, now: now, expiresAt: expiresAt)
            try await audit.append(
                .operatorLoginSucceeded, actor: .operator(record.id), subject: "", details: [:], now: now,
                in: connection)
        }
        return SignedIn(
            token: token, expiresAt: expiresAt, record: record,
            deviceToken: devices.token(for: .operator, id: record.id, now: now))
    }

    public func authenticate(token: String) async throws -> OperatorRecord? {
        let now = clock.now()
        return try await database.read {
            try await OperatorStore($0).operatorForSession(tokenHash: RandomTokens.hash(token), now: now)
        }
    }

    /// Throws `forbidden` (and records the denial) unless one of the operator's roles grants
    /// `permission`.
    public func authorize(_ record: OperatorRecord, _ permission: OperatorPermission, action: String) async throws {
        guard !record.roles.allows(permission) else { return }
        try await audit.record(
            .operatorDenied, actor: .operator(record.id), subject: action, details: ["permission": permission.rawValue])
        throw Failure.forbidden(permission)
    }
}
