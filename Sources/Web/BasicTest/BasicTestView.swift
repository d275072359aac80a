import Application
import Domain
import Foundation
import Storage

/// The basic test as the API shows it: the standing, and while a sitting is in progress its
/// questions (never the right answers), the answers counted so far and the time left.
struct BasicTestView: Encodable {
    struct Question: Encodable {
        let id: String
        let text: String
        let options: [String]
    }

    let status: String
    let statusText: String
    let deadlineAt: Date?
    let secondsLeft: Int?
    let retakeAt: Date?
    let questions: [Question]
    let answers: [String: Int]

    init(
        _ standing: BasicTestService.Standing, service: BasicTestService, strings: StringTable, locale: AppLocale,
        now: Date
    ) {
        var (deadline, retake): (Date?, Date?) = (nil, nil)
        var questions: [Question] = []
        var answers: [String: Int] = [:]
        let code: String
        switch standing {
        case .notTaken: code = "not_taken"
        case .passed: code = "passed"
        case .notPassed(let retakeAt):
            code = "not_passed"
            retake = retakeAt
        case .inProgress(let sitting):
            code = "in_progress"
            deadline = sitting.deadlineAt
            questions = service.questions(of: sitting, locale: locale).map {
                Question(id: $0.id, text: $0.text, options: $0.options)
            }
            answers = sitting.answers
        }
        status = code
        statusText = strings.text("test.status.\(code)", locale)
        deadlineAt = deadline
        secondsLeft = deadline.map { max(0, Int($0.timeIntervalSince(now))) }
        retakeAt = retake
        self.questions = questions
        self.answers = answers
    }
}
