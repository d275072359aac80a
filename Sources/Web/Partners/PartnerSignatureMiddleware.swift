import Application
import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// Checks the `client_code`, `timestamp` and `signature` headers of every partner request over
/// the exact bytes of its body, before any handler runs. The body is read here (the handler
/// reads it again from memory).
struct PartnerSignatureMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let partners: PartnerService

    static let clientCode = HTTPField.Name(PartnerSignature.clientCodeHeader)!
    static let timestamp = HTTPField.Name(PartnerSignature.timestampHeader)!
    static let signature = HTTPField.Name(PartnerSignature.signatureHeader)!

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        var context = context
        context.partner = try await partners.authenticate(
            PartnerService.SignedRequest(
                clientCode: request.headers[Self.clientCode], timestamp: request.headers[Self.timestamp],
                signature: request.headers[Self.signature], method: request.method.rawValue,
                path: request.head.path ?? "/", body: Array(body.readableBytesView)))
        return try await next(request, context)
    }
}
