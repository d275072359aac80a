import Domain
import Foundation

extension QuestionBank {
    /// The bank shipped in `Resources/Test/questions.json` (made by scripts/generate-question-bank.py).
    public static let bundled: QuestionBank = {
        guard
            let url = Bundle.module.url(
                forResource: "questions", withExtension: "json", subdirectory: "Resources/Test"),
            let data = try? Data(contentsOf: url), let bank = try? JSONDecoder().decode(QuestionBank.self, from: data)
        else { preconditionFailure("the question bank is missing from the Application bundle") }
        return bank
    }()
}
