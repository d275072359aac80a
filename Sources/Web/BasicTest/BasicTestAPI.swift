import Application
import Domain
import Foundation
import Hummingbird
import Storage

/// `/api/v1/me/test…`: the basic test for the signed-in person.
struct BasicTestAPI {
    let platform: Platform

    struct AnswersInput: Codable {
        let answers: [String: Int]
    }

    func add(signedIn: some RouterMethods<SignedInRequestContext>) {
        let test = platform.services.basicTest
        let strings = platform.strings
        let clock = platform.clock

        @Sendable func view(_ accountID: String, _ context: SignedInRequestContext) async throws -> BasicTestView {
            BasicTestView(
                try await test.standing(accountID: accountID), service: test, strings: strings, locale: context.locale,
                now: clock.now())
        }

        signedIn.get("me/test") { _, context in
            try JSONBody.response(try await view(context.account.id, context))
        }

        signedIn.post("me/test") { _, context in
            _ = try await test.start(accountID: context.account.id)
            return try JSONBody.response(try await view(context.account.id, context), status: .created)
        }

        signedIn.post("me/test/answers") { request, context in
            let input = try await JSONBody.decode(AnswersInput.self, from: request, context: context, strings: strings)
            try await test.answer(accountID: context.account.id, input.answers)
            return try JSONBody.response(try await view(context.account.id, context))
        }

        signedIn.post("me/test/submit") { _, context in
            _ = try await test.submit(accountID: context.account.id)
            return try JSONBody.response(try await view(context.account.id, context))
        }
    }
}
