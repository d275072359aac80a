import Foundation
import Storage

/// Delivers `email` outbox messages: renders the request and hands it to the transport. The
/// Message-ID comes from the outbox id, so a message sent twice after a crash is recognisable.
public struct EmailDelivery: OutboxHandler {
    let transport: any MailTransport
    let composer: MailComposer

    public init(transport: any MailTransport, composer: MailComposer) {
        self.transport = transport
        self.composer = composer
    }

    public func handle(_ message: OutboxMessage) async throws {
        let request = try JSONDecoder().decode(EmailRequest.self, from: Data(message.payload.utf8))
        try await transport.send(composer.compose(request, messageID: "outbox-\(message.id)"))
    }
}
