import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// Finds the signed-in operator for `/api/v1/operator/…` from `Authorization: Bearer`.
/// Operator sessions are separate from applicants': an applicant token is never an operator's.
struct OperatorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let pathPrefix = "/api/v1/operator/"
    let operators: OperatorService

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.uri.path.hasPrefix(Self.pathPrefix) else { return try await next(request, context) }
        var context = context
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer "),
            case let token = String(header.dropFirst(7)), !token.isEmpty, token.count <= 128
        {
            context.operatorRecord = try await operators.authenticate(token: token)
        }
        return try await next(request, context)
    }
}
