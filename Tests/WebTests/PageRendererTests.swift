import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Web

@Suite struct PageRendererTests {
    @Test func aPageWhoseTemplateIsMissingIsAnErrorNotAnEmptyPage() async throws {
        try await WebHarness.test(
            routes: { router in
                router.get("/missing") { _, context in
                    PageRenderer.shared.render(
                        "no-such-template", titleKey: "landing.title", context: context, strings: WebHarness.strings)
                }
                router.get("/landing") { _, context in
                    PageRenderer.shared.render(
                        "landing", titleKey: "landing.title", context: context, strings: WebHarness.strings)
                }
            },
            test: { client in
                try await client.execute(uri: "/missing", method: .get) { response in
                    #expect(response.status == .internalServerError)
                    #expect(String(buffer: response.body).contains("Terjadi kesalahan pada sistem"))
                }
                try await client.execute(uri: "/landing", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("<html"))
                }
            })
    }
}
