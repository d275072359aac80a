import Application
import Domain
import Foundation
import Hummingbird

/// `/konsol/mitra`: onboarding marketplace partners (an application with its documents),
/// approving, suspending or rejecting them with a reason, and issuing their signing keys.
struct ConsolePartnerPages {
    let platform: Platform

    struct ApplicationForm: Decodable {
        var kind: String?
        var name: String?
        var legalName: String?
        var contactEmail: String?
        /// One document per line.
        var documents: String?

        enum CodingKeys: String, CodingKey {
            case kind, name, documents
            case legalName = "legal_name"
            case contactEmail = "contact_email"
        }
    }

    struct ReasonForm: Decodable {
        var reason: String?
    }

    func add(signedIn router: some RouterMethods<ConsoleRequestContext>) {
        let strings = platform.strings
        let partners = platform.services.partners
        let page = ConsolePage(strings: strings)

        router.get("/mitra") { request, context in
            let locale = context.locale
            let rows: [[String: Any]] = try await partners.partners(as: context.principal).map { partner in
                [
                    "id": partner.id, "name": partner.name, "legalName": partner.legalName,
                    "kind": strings.text("dev.partners_kind_\(partner.kind.rawValue)", locale),
                    "status": strings.text("console.partner_status.\(partner.status.rawValue)", locale),
                    "reason": partner.statusReason, "clientCode": partner.clientCode,
                    "documents": partner.documents.joined(separator: ", "),
                    "canApprove": partner.status == .applied || partner.status == .suspended,
                    "canSuspend": partner.status == .approved, "canReject": partner.status == .applied,
                ]
            }
            var values: [String: Any] = [
                "partners": rows,
                "kinds": Partner.Kind.allCases.map {
                    ["value": $0.rawValue, "name": strings.text("dev.partners_kind_\($0.rawValue)", locale)]
                },
            ]
            values.merge(page.notices(request, locale: locale)) { _, new in new }
            return page.render("console-partners", titleKey: "console.partners_title", context: context, values: values)
        }

        router.post("/mitra") { request, context in
            let form = try await PageForms.decode(ApplicationForm.self, from: request, context: context)
            guard let kind = form.kind.flatMap(Partner.Kind.init(rawValue:)) else {
                return ConsolePage.after("/konsol/mitra", refused: "invalid_partner_application")
            }
            let documents = (form.documents ?? "").split(whereSeparator: \.isNewline).map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty }
            do {
                _ = try await partners.apply(
                    PartnerApplication(
                        kind: kind, name: form.name ?? "", legalName: form.legalName ?? "",
                        contactEmail: form.contactEmail ?? "", documents: documents), as: context.principal)
            } catch let failure as PartnerService.Failure {
                return ConsolePage.after("/konsol/mitra", refused: failure.code)
            }
            return ConsolePage.after("/konsol/mitra", done: "partner_applied")
        }

        @Sendable func act(_ done: String, _ body: () async throws -> Void) async throws -> Response {
            do {
                try await body()
            } catch let failure as PartnerService.Failure {
                return ConsolePage.after("/konsol/mitra", refused: failure.code)
            }
            return ConsolePage.after("/konsol/mitra", done: done)
        }

        router.post("/mitra/{id}/setujui") { _, context in
            try await act("partner_approved") {
                try await partners.approve(partnerID: context.parameters.get("id") ?? "", as: context.principal)
            }
        }

        router.post("/mitra/{id}/tangguhkan") { request, context in
            let form = try await PageForms.decode(ReasonForm.self, from: request, context: context)
            return try await act("partner_suspended") {
                try await partners.suspend(
                    partnerID: context.parameters.get("id") ?? "", reason: form.reason ?? "", as: context.principal)
            }
        }

        router.post("/mitra/{id}/tolak") { request, context in
            let form = try await PageForms.decode(ReasonForm.self, from: request, context: context)
            return try await act("partner_rejected") {
                try await partners.reject(
                    partnerID: context.parameters.get("id") ?? "", reason: form.reason ?? "", as: context.principal)
            }
        }

        // The new key is shown on the answer to this post and never again, so it is a page (not
        // a redirect whose address would carry it) and is not cached.
        router.post("/mitra/{id}/kunci") { _, context in
            let credentials: PartnerService.Credentials
            do {
                credentials = try await partners.issueKey(
                    partnerID: context.parameters.get("id") ?? "", as: context.principal)
            } catch let failure as PartnerService.Failure {
                return ConsolePage.after("/konsol/mitra", refused: failure.code)
            }
            var response = page.render(
                "console-partner-key", titleKey: "console.partner_key_title", context: context,
                values: [
                    "clientCode": credentials.clientCode, "signingKey": credentials.signingKey,
                    "overlapHours": String(Int(partners.keyOverlap / 3600)),
                ])
            response.headers[.cacheControl] = "no-store"
            return response
        }
    }
}
