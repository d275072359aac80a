import Domain
import Foundation
import Storage

/// Scheme versions: the ones stored, and new ones an admin adds from a JSON definition.
public struct SchemeService: Sendable {
    let database: any DatabaseClient
    let clock: any AppClock
    let audit: AuditTrail
    let operators: OperatorService

    public init(database: any DatabaseClient, clock: any AppClock, audit: AuditTrail, operators: OperatorService) {
        self.database = database
        self.clock = clock
        self.audit = audit
        self.operators = operators
    }

    public enum Failure: Error, Equatable, Sendable {
        case invalidDefinition(String)
        /// A different definition already has this code and version: versions are never edited.
        case versionTaken(String)
    }

    /// Reads a definition (the JSON `Scheme` fields, snake_case) and stores it as a new version.
    /// Adding the same definition again changes nothing.
    @discardableResult
    public func add(definition data: Data, as principal: OperatorPrincipal) async throws -> Scheme {
        let actor = try await operators.authorize(principal, .runProgramme, action: "scheme.add")
        let scheme: Scheme
        do {
            scheme = try JSONDecoder().decode(Scheme.self, from: data)
        } catch {
            throw Failure.invalidDefinition("\(error)")
        }
        guard !scheme.code.isEmpty, scheme.version > 0, scheme.trainingBalance.amount > 0,
            scheme.test.questions > 0, scheme.test.minutes > 0, (1...100).contains(scheme.test.passMarkPercent)
        else { throw Failure.invalidDefinition("code, version, balance and test rules must be set") }
        let now = clock.now()
        let audit = self.audit
        let added = try await database.transaction { connection -> SchemeStore.Added in
            let added = try await SchemeStore(connection).add(scheme, now: now)
            if added == .added {
                try await audit.append(
                    .schemeAdded, actor: actor, subject: "scheme:\(scheme.code)/\(scheme.version)", details: [:],
                    now: now, in: connection)
            }
            return added
        }
        guard added != .conflicts else { throw Failure.versionTaken(scheme.versionName) }
        return scheme
    }

    public func all() async throws -> [Scheme] {
        try await database.read { try await SchemeStore($0).all() }
    }

    public func find(code: String, version: Int) async throws -> Scheme? {
        try await database.read { try await SchemeStore($0).find(code: code, version: version) }
    }
}
