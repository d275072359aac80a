import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// Finds the signed-in operator from `Authorization: Bearer` on the operator API's group.
/// Operator sessions are separate from applicants': an applicant token is never an operator's.
struct OperatorSessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let operators: OperatorService

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let token = request.bearerToken, !token.isEmpty, token.count <= 128 {
            context.operatorRecord = try await operators.authenticate(token: token)
        }
        return try await next(request, context)
    }
}
