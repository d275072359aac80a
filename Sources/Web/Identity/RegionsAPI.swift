import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// `GET /api/v1/regions` (provinces) and `GET /api/v1/regions/{code}` (the regencies,
/// districts or villages under a code): the Kemendagri tables the address fields take codes from.
struct RegionsAPI {
    struct RegionView: Encodable {
        let code: String
        let name: String
    }

    func add(public router: some RouterMethods<AppRequestContext>) {
        let regions = RegionTable.bundled
        router.get("regions") { _, _ in
            Self.cached(
                try JSONBody.response(regions.subdivisions(of: nil).map { RegionView(code: $0.code, name: $0.name) }))
        }
        router.get("regions/{code}") { _, context in
            let code = context.parameters.get("code") ?? ""
            let known =
                regions.provinces[code] != nil || regions.regencies[code] != nil || regions.districts[code] != nil
            guard known else { throw HTTPError(.notFound) }
            return Self.cached(
                try JSONBody.response(regions.subdivisions(of: code).map { RegionView(code: $0.code, name: $0.name) }))
        }
    }

    /// The tables change only with a release: a phone asks for each level once a day at most.
    static func cached(_ response: Response) -> Response {
        var response = response
        response.headers[.cacheControl] = "public, max-age=86400"
        return response
    }
}
