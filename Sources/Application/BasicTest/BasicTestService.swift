import Crypto
import Domain
import Foundation
import Storage

/// The basic test (tes motivasi dan kemampuan dasar): a sitting of questions drawn per person,
/// timed by the server. Answers that arrive after the deadline are not counted, whatever the
/// page shows; leaving and coming back continues the same sitting; the person learns passed or
/// not passed (the score is kept, not shown); after not passing, they may sit again once the
/// scheme's waiting period is over.
public struct BasicTestService: Sendable {
    let database: any DatabaseClient
    let clock: any AppClock
    let scheme: Scheme
    let bank: QuestionBank
    let key: [UInt8]

    public init(database: any DatabaseClient, clock: any AppClock, scheme: Scheme, bank: QuestionBank, key: [UInt8]) {
        self.database = database
        self.clock = clock
        self.scheme = scheme
        self.bank = bank
        self.key = key
    }

    public enum Failure: Error, Equatable, Sendable {
        case alreadyPassed
        /// Not passed last time; a new sitting opens at this time.
        case retakeNotYet(Date)
        /// Take the test after the email is verified.
        case notAllowed
        case noSitting
        case unknownQuestion
        case invalidOption

        public var code: String {
            switch self {
            case .alreadyPassed: "test_passed"
            case .retakeNotYet: "retake_not_yet"
            case .notAllowed: "not_ready"
            case .noSitting: "no_sitting"
            case .unknownQuestion: "unknown_question"
            case .invalidOption: "invalid_option"
            }
        }
    }

    /// Where the person stands with the test.
    public enum Standing: Sendable, Equatable {
        case notTaken
        case inProgress(TestSitting)
        case passed
        /// Not passed; may sit again from `retakeAt`.
        case notPassed(retakeAt: Date)
    }

    public func standing(accountID: String) async throws -> Standing {
        let now = clock.now()
        let sitting = try await finishIfDue(accountID: accountID, now: now)
        guard let sitting else { return .notTaken }
        if try await database.read({ try await TestSittingStore($0).hasPassed(accountID: accountID) }) {
            return .passed
        }
        if sitting.finishedAt == nil { return .inProgress(sitting) }
        return .notPassed(retakeAt: try await retakeAt(sitting))
    }

    /// Starts a sitting, or returns the one in progress.
    public func start(accountID: String) async throws -> TestSitting {
        let now = clock.now()
        switch try await standing(accountID: accountID) {
        case .inProgress(let sitting): return sitting
        case .passed: throw Failure.alreadyPassed
        case .notPassed(let retakeAt) where retakeAt > now: throw Failure.retakeNotYet(retakeAt)
        case .notPassed, .notTaken: break
        }
        let id = RandomTokens.token(bytes: 12)
        let seed = HMAC<SHA256>.authenticationCode(
            for: Data("\(accountID)\u{1F}\(id)".utf8), using: SymmetricKey(data: key)
        )
        .prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let scheme = try await currentScheme()
        let sitting = TestSitting(
            id: id, accountID: accountID, scheme: scheme.versionName,
            questions: SittingRules.draw(from: bank, count: scheme.test.questions, seed: seed), startedAt: now,
            deadlineAt: now.addingTimeInterval(TimeInterval(scheme.test.minutes * 60)))
        try await database.transaction { connection in
            guard let account = try await AccountStore(connection).find(id: accountID), account.isEmailVerified else {
                throw Failure.notAllowed
            }
            try await TestSittingStore(connection).insert(sitting)
        }
        return sitting
    }

    /// Records answers (question id → option index) in the sitting in progress; after the
    /// deadline nothing more is counted and the sitting is finished with what it had.
    @discardableResult
    public func answer(accountID: String, _ answers: [String: Int]) async throws -> TestSitting {
        let now = clock.now()
        guard var sitting = try await finishIfDue(accountID: accountID, now: now), sitting.finishedAt == nil else {
            throw Failure.noSitting
        }
        for (question, option) in answers {
            guard sitting.questions.contains(question), let item = bank.item(question) else {
                throw Failure.unknownQuestion
            }
            guard item.options.indices.contains(option) else { throw Failure.invalidOption }
            sitting.answers[question] = option
        }
        let (id, counted) = (sitting.id, sitting.answers)
        _ = try await database.transaction {
            try await TestSittingStore($0).saveAnswers(sittingID: id, answers: counted)
        }
        return sitting
    }

    /// Ends the sitting in progress now and records its result; true when passed.
    public func submit(accountID: String) async throws -> Bool {
        let now = clock.now()
        guard let sitting = try await finishIfDue(accountID: accountID, now: now) else { throw Failure.noSitting }
        if let passed = sitting.passed { return passed }
        return try await finish(sitting, at: now)
    }

    /// The newest sitting, finished first when its deadline has passed.
    private func finishIfDue(accountID: String, now: Date) async throws -> TestSitting? {
        guard var sitting = try await database.read({ try await TestSittingStore($0).latest(accountID: accountID) })
        else { return nil }
        if sitting.finishedAt == nil, now >= sitting.deadlineAt {
            let passed = try await finish(sitting, at: sitting.deadlineAt)
            sitting.finishedAt = sitting.deadlineAt
            sitting.passed = passed
        }
        return sitting
    }

    private func finish(_ sitting: TestSitting, at time: Date) async throws -> Bool {
        let score = SittingRules.score(questions: sitting.questions, answers: sitting.answers, bank: bank)
        let passed = score >= (try await scheme(of: sitting)).test.passMarkPercent
        _ = try await database.transaction {
            try await TestSittingStore($0).finish(sittingID: sitting.id, score: score, passed: passed, at: time)
        }
        return passed
    }

    private func retakeAt(_ sitting: TestSitting) async throws -> Date {
        (sitting.finishedAt ?? sitting.deadlineAt).addingTimeInterval(
            TimeInterval(try await scheme(of: sitting).test.retakeAfterDays) * 86_400)
    }

    /// The scheme version new sittings are taken under: the newest stored version of the
    /// configured code, or the built-in one on a database with none.
    private func currentScheme() async throws -> Scheme {
        try await database.read { try await SchemeStore($0).latest(code: scheme.code) } ?? scheme
    }

    /// The version a sitting was taken under, whose rules score it and set its waiting period.
    private func scheme(of sitting: TestSitting) async throws -> Scheme {
        try await database.read { try await SchemeStore($0).all() }.first { $0.versionName == sitting.scheme }
            ?? scheme
    }

    /// The questions of a sitting in the person's language, without the right answers.
    public func questions(of sitting: TestSitting, locale: AppLocale) -> [(id: String, text: String, options: [String])]
    {
        sitting.questions.compactMap(bank.item).map { item in
            (item.id, item.text.text(locale), item.options.map { $0.text(locale) })
        }
    }
}
