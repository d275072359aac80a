import Domain
import Foundation
import SQLKit

/// One sitting of the basic test.
public struct TestSitting: Sendable, Equatable {
    public var id: String
    public var accountID: String
    public var scheme: String
    public var questions: [String]
    /// Question id → chosen option, as counted (only answers that arrived before the deadline).
    public var answers: [String: Int]
    public var startedAt: Date
    public var deadlineAt: Date
    public var finishedAt: Date?
    public var score: Int?
    public var passed: Bool?

    public init(
        id: String, accountID: String, scheme: String, questions: [String], answers: [String: Int] = [:],
        startedAt: Date, deadlineAt: Date, finishedAt: Date? = nil, score: Int? = nil, passed: Bool? = nil
    ) {
        self.id = id
        self.accountID = accountID
        self.scheme = scheme
        self.questions = questions
        self.answers = answers
        self.startedAt = startedAt
        self.deadlineAt = deadlineAt
        self.finishedAt = finishedAt
        self.score = score
        self.passed = passed
    }
}

public struct TestSittingStore: Sendable {
    let connection: StorageConnection
    var sql: any SQLDatabase { connection.sql }

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    public func insert(_ sitting: TestSitting) async throws {
        let questions = String(decoding: try JSONEncoder.sorted.encode(sitting.questions), as: UTF8.self)
        try await sql.raw(
            """
            INSERT INTO test_sittings (id, account_id, scheme, questions, started_at, deadline_at)
            VALUES (\(bind: sitting.id), \(bind: sitting.accountID), \(bind: sitting.scheme), \(bind: questions),
                \(bind: sitting.startedAt.millisecondsSince1970), \(bind: sitting.deadlineAt.millisecondsSince1970))
            """
        ).run()
    }

    /// The account's newest sitting.
    public func latest(accountID: String) async throws -> TestSitting? {
        try await sql.raw(
            """
            SELECT id, account_id, scheme, questions, answers, started_at, deadline_at, finished_at, score, passed
            FROM test_sittings WHERE account_id = \(bind: accountID) ORDER BY started_at DESC, id DESC LIMIT 1
            """
        ).first().map(Self.sitting)
    }

    /// Whether any sitting of the account passed.
    public func hasPassed(accountID: String) async throws -> Bool {
        try await sql.raw(
            "SELECT id FROM test_sittings WHERE account_id = \(bind: accountID) AND passed = \(bind: true) LIMIT 1"
        ).first() != nil
    }

    /// Replaces the counted answers of an unfinished sitting; false once it is finished.
    public func saveAnswers(sittingID: String, answers: [String: Int]) async throws -> Bool {
        let text = String(decoding: try JSONEncoder.sorted.encode(answers), as: UTF8.self)
        return try await sql.raw(
            """
            UPDATE test_sittings SET answers = \(bind: text)
            WHERE id = \(bind: sittingID) AND finished_at IS NULL
            RETURNING id
            """
        ).first() != nil
    }

    /// Records the result once; false when it was recorded already.
    public func finish(sittingID: String, score: Int, passed: Bool, at now: Date) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE test_sittings SET finished_at = \(bind: now.millisecondsSince1970), score = \(bind: score),
                passed = \(bind: passed)
            WHERE id = \(bind: sittingID) AND finished_at IS NULL
            RETURNING id
            """
        ).first() != nil
    }

    static func sitting(_ row: any SQLRow) throws -> TestSitting {
        TestSitting(
            id: try row.decode(column: "id", as: String.self),
            accountID: try row.decode(column: "account_id", as: String.self),
            scheme: try row.decode(column: "scheme", as: String.self),
            questions: try JSONDecoder().decode(
                [String].self, from: Data(try row.decode(column: "questions", as: String.self).utf8)),
            answers: try JSONDecoder().decode(
                [String: Int].self, from: Data(try row.decode(column: "answers", as: String.self).utf8)),
            startedAt: Date(millisecondsSince1970: try row.decode(column: "started_at", as: Int64.self)),
            deadlineAt: Date(millisecondsSince1970: try row.decode(column: "deadline_at", as: Int64.self)),
            finishedAt: try row.decode(column: "finished_at", as: Int64?.self).map(Date.init(millisecondsSince1970:)),
            score: try row.decode(column: "score", as: Int?.self),
            passed: try row.decode(column: "passed", as: Bool?.self))
    }
}
