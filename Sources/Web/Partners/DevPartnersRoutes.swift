import Application
import Domain
import Foundation
import Hummingbird

/// `/dev/partners` and `/dev/partners.json`: the sandbox's demo platform and provider with
/// their signing keys, so a developer can sign partner requests (`scripts/partner-example.py`).
/// Mounted in development only.
struct DevPartnersRoutes {
    let platform: Platform

    struct CredentialsBody: Encodable {
        let kind: String
        let name: String
        let clientCode: String
        let signingKey: String
    }

    func add(to router: some RouterMethods<AppRequestContext>) {
        let sandbox = platform.services.sandbox
        let strings = platform.strings

        @Sendable func credentials() async throws -> [CredentialsBody] {
            try await sandbox.credentials().map {
                CredentialsBody(
                    kind: $0.partner.kind.rawValue, name: $0.partner.name, clientCode: $0.partner.clientCode,
                    signingKey: $0.signingKey)
            }
        }

        router.get("partners.json") { _, _ in try JSONBody.response(try await credentials()) }

        router.get("partners") { _, context in
            let rows: [[String: String]] = try await credentials().map {
                [
                    "kind": strings.text("dev.partners_kind_\($0.kind)", context.locale), "name": $0.name,
                    "clientCode": $0.clientCode, "signingKey": $0.signingKey,
                ]
            }
            return PageRenderer.shared.render(
                "dev-partners", titleKey: "dev.partners_title", context: context, strings: strings,
                values: ["partners": rows])
        }
    }
}
