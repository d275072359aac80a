import Domain
import HTTPTypes
import Hummingbird

/// Behind trusted load balancers, takes the client's address from `X-Forwarded-For`
/// (`ForwardedClient` says which hop counts) before anything reads it.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let header = HTTPField.Name("X-Forwarded-For")!
    let forwarded: ForwardedClient

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let header = request.headers[values: Self.header].joined(separator: ",")
        context.clientAddress = forwarded.client(
            peer: context.clientAddress, forwardedFor: header.isEmpty ? nil : header)
        return try await next(request, context)
    }
}
