import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// Reading JSON requests and writing JSON responses the same way on every API route.
enum JSONBody {
    /// Configured once and shared: a decoder's options are read under its own lock.
    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    /// Decodes a body that is a JSON object within `JSONShape`'s limits and has no field the
    /// type does not know; each refusal is a stable code, with the field it concerns.
    static func decode<T: Codable>(
        _ type: T.Type, from request: Request, context: some WebRequestContext, strings: StringTable
    ) async throws -> T {
        let locale = context.locale
        guard let contentType = request.headers[.contentType], isJSON(contentType: contentType) else {
            throw APIError(
                status: .unsupportedMediaType, code: "unsupported_media_type",
                message: strings.text("error.bad_request", locale))
        }
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        let bytes = Array(buffer.readableBytesView)
        let sent: [String]
        do {
            sent = try JSONScan.fieldPaths(of: bytes)
        } catch .invalid {
            throw APIError(
                status: .badRequest, code: "invalid_json", message: strings.text("error.bad_request", locale))
        } catch .duplicate(let repeated) {
            throw APIError(
                status: .badRequest, code: "duplicate_field", message: strings.text("error.bad_request", locale),
                fields: [repeated: "duplicate_field"])
        } catch .field(let field, let code) {
            throw APIError(
                status: .unprocessableContent, code: code, message: strings.text("error.invalid_field", locale),
                fields: [field: code])
        }
        let data = Data(bytes)
        let value: T
        do {
            value = try Self.decoder.decode(T.self, from: data)
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
        if KnownJSONFields.shared.knows(sent, of: T.self) { return value }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let json = try? JSONSerialization.jsonObject(with: data) else {
            throw APIError(
                status: .badRequest, code: "invalid_json", message: strings.text("error.bad_request", locale))
        }
        guard let echoed = try? JSONSerialization.jsonObject(with: encoder.encode(value)) else { return value }
        if let unknown = JSONShape.unknownField(sent: json, decoded: echoed) {
            throw APIError(
                status: .unprocessableContent, code: "unknown_field",
                message: strings.text("error.invalid_field", locale),
                fields: [unknown: "unknown_field"])
        }
        KnownJSONFields.shared.learn(JSONShape.fieldPaths(echoed), of: T.self)
        return value
    }

    /// `application/json` or a `+json` type, in UTF-8 (RFC 8259 allows no other encoding):
    /// `application/jsonp` or `charset=latin1` are not JSON.
    static func isJSON(contentType: String) -> Bool {
        // What nearly every client sends, without Foundation's trimming and lowercasing.
        if contentType == "application/json" || contentType == "application/json; charset=utf-8" { return true }
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let type = parts.first,
            type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
        else { return false }
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.first == "charset", pair.count == 2,
                pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) != "utf-8"
            {
                return false
            }
        }
        return true
    }

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        response(json: ByteBuffer(bytes: try JSONEncoder.api.encode(value)), status: status)
    }

    /// A body already encoded as JSON, with the same headers.
    static func response(json body: ByteBuffer, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// What every JSON answer says about its body: what it is, and that it is never cached.
    static let headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
}
