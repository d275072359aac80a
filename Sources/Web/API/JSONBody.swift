import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// Reading JSON requests and writing JSON responses the same way on every API route.
enum JSONBody {
    static func decode<T: Decodable>(
        _ type: T.Type, from request: Request, context: AppRequestContext, strings: StringTable
    ) async throws -> T {
        let locale = context.locale
        guard let contentType = request.headers[.contentType], contentType.lowercased().hasPrefix("application/json")
        else {
            throw APIError(
                status: .unsupportedMediaType, code: "unsupported_media_type",
                message: strings.text("error.bad_request", locale))
        }
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch DecodingError.keyNotFound(let key, _) {
            throw APIError(
                status: .unprocessableContent, code: "missing_field", message: strings.text("error.required", locale),
                fields: [key.stringValue: "required"])
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let field = context.codingPath.first?.stringValue ?? "body"
            throw APIError(
                status: .unprocessableContent, code: "invalid_field",
                message: strings.text("error.bad_request", locale),
                fields: [field: "invalid_type"])
        } catch {
            throw APIError(
                status: .badRequest, code: "invalid_json", message: strings.text("error.bad_request", locale))
        }
    }

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONEncoder.api.encode(value)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
