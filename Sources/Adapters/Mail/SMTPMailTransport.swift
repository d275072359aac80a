import Application
import Foundation
import Logging
import NIOCore
import NIOExtras
import NIOPosix
import NIOSSL

/// Sends mail over SMTP: EHLO, STARTTLS when offered (or required), AUTH PLAIN or LOGIN,
/// MAIL/RCPT/DATA with dot-stuffing, QUIT. One connection per message; the outbox worker
/// sends several at once.
public struct SMTPMailTransport: MailTransport {
    let settings: SMTPSettings
    let timeout: Duration
    let group: any EventLoopGroup
    let clock: any AppClock

    public init(
        settings: SMTPSettings, timeout: Duration = .seconds(30),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, clock: any AppClock = SystemClock()
    ) {
        self.settings = settings
        self.clock = clock
        self.timeout = timeout
        self.group = group
    }

    public func send(_ mail: OutgoingMail) async throws {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await self.converse(mail) }
            tasks.addTask {
                try await Task.sleep(for: timeout)
                throw SMTPError.timedOut
            }
            try await tasks.next()
            tasks.cancelAll()
        }
    }

    private func converse(_ mail: OutgoingMail) async throws {
        let settings = self.settings
        var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
        if let file = settings.trustedCertificatesFile { tlsConfiguration.trustRoots = .file(file) }
        let tls = try NIOSSLContext(configuration: tlsConfiguration)
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(10))
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if settings.security == .implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: tls, serverHostname: settings.host))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineBasedFrameDecoder()))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var conversation = SMTPConversation(lines: inbound.makeAsyncIterator(), outbound: outbound)
            try await conversation.expect(220, after: "greeting")
            var capabilities = try await conversation.command("EHLO \(settings.clientName)", expect: 250)
            let offersStartTLS = capabilities.contains { $0.uppercased() == "STARTTLS" }
            if settings.security != .implicitTLS, offersStartTLS {
                try await conversation.command("STARTTLS", expect: 220)
                let underlying = channel.channel
                try await underlying.eventLoop.submit {
                    try underlying.pipeline.syncOperations.addHandler(
                        NIOSSLClientHandler(context: tls, serverHostname: settings.host), position: .first)
                }.get()
                capabilities = try await conversation.command("EHLO \(settings.clientName)", expect: 250)
            } else if settings.security == .startTLSRequired {
                throw SMTPError.startTLSNotOffered
            }
            if let username = settings.username {
                try await conversation.authenticate(
                    username: username, password: settings.password ?? "", capabilities: capabilities)
            }
            try await conversation.command("MAIL FROM:<\(settings.from.address)>", expect: 250)
            try await conversation.command("RCPT TO:<\(mail.to)>", expect: 250, 251)
            try await conversation.command("DATA", expect: 354)
            let message = MIMEMessage.render(
                mail, from: settings.from, date: clock.now(), boundary: "=_prakerja_\(UUID().uuidString)")
            try await conversation.send(MIMEMessage.dotStuffed(message) + ".\r\n")
            try await conversation.expect(250, after: "DATA")
            _ = try? await conversation.command("QUIT", expect: 221)
        }
    }
}
