import Adapters
import Application
import Foundation
import TestSupport
import Testing

/// The SMTP transport against a real SMTP server process (aiosmtpd, from PyPI).
@Suite(.serialized) struct SMTPTransportTests {
    let mail = OutgoingMail(
        to: "budi@contoh.co.id", subject: "Kode verifikasi Prakerja Anda: 123456",
        text: "Halo,\n\nKode Anda 123456.\n.\n..titik di awal baris", html: "<p>Kode Anda <b>123456</b></p>",
        messageID: "outbox-42")

    @Test func deliversAMultipartMessageWithAuthentication() async throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let settings = SMTPSettings(
            host: "127.0.0.1", port: sink.port, username: "mailer", password: "s3cret pass",
            from: MailboxAddress(name: "Prakerja Indonesia", address: "no-reply@prakerja.test"))
        try await SMTPMailTransport(settings: settings).send(mail)
        let messages = try sink.messages()
        let message = try #require(messages.first)
        #expect(messages.count == 1)
        #expect(message["mail_from"] as? String == "no-reply@prakerja.test")
        #expect(message["rcpt_tos"] as? [String] == ["budi@contoh.co.id"])
        #expect(message["authenticated"] as? Bool == true)
        let content = try #require(message["content"] as? String)
        #expect(content.contains("Message-ID: <outbox-42@prakerja.test>"))
        #expect(content.contains("MIME-Version: 1.0"))
        #expect(content.contains("Content-Type: multipart/alternative"))
        #expect(content.contains("Content-Type: text/plain; charset=utf-8"))
        #expect(content.contains("Content-Type: text/html; charset=utf-8"))
        #expect(content.contains("Date: "))
        #expect(content.contains("Subject: Kode verifikasi Prakerja Anda: 123456"))
        #expect(content.contains("From: Prakerja Indonesia <no-reply@prakerja.test>"))
        let bodies = Self.base64Parts(content)
        #expect(bodies.contains(mail.text))
        #expect(bodies.contains(mail.html))
    }

    @Test func refusesWrongCredentials() async throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let settings = SMTPSettings(
            host: "127.0.0.1", port: sink.port, username: "mailer", password: "wrong",
            from: MailboxAddress(name: nil, address: "no-reply@prakerja.test"))
        await #expect(throws: SMTPError.self) { try await SMTPMailTransport(settings: settings).send(mail) }
        #expect(try sink.messages().isEmpty)
    }

    @Test func refusesAServerWithoutStartTLSWhenRequired() async throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let settings = try SMTPSettings(
            url: "smtp://127.0.0.1:\(sink.port)?starttls=required",
            from: MailboxAddress(name: nil, address: "no-reply@prakerja.test"))
        await #expect(throws: SMTPError.self) { try await SMTPMailTransport(settings: settings).send(mail) }
        #expect(try sink.messages().isEmpty)
    }

    /// A sink that speaks TLS as `mode` says (`starttls` or `smtps`) with a fresh self-signed
    /// certificate, and settings that reach it over that mode, trusting nothing extra.
    func tlsSink(_ mode: String) throws -> (SMTPSink, SelfSignedCertificate, SMTPSettings) {
        let certificate = try SelfSignedCertificate()
        let (file, key) = (certificate.certificateFile, certificate.keyFile)
        let sink = try SMTPSink(
            tls: mode == "smtps" ? .implicit(certificate: file, key: key) : .startTLS(certificate: file, key: key))
        let settings = try SMTPSettings(
            url: mode == "smtps"
                ? "smtps://mailer:s3cret%20pass@localhost:\(sink.port)"
                : "smtp://mailer:s3cret%20pass@localhost:\(sink.port)?starttls=required",
            from: MailboxAddress(name: nil, address: "no-reply@prakerja.test"))
        return (sink, certificate, settings)
    }

    /// STARTTLS and smtps against a sink that requires TLS with a self-signed certificate the
    /// transport is told to trust: the message arrives over an encrypted, authenticated session.
    @Test(arguments: ["starttls", "smtps"])
    func deliversOverTLS(mode: String) async throws {
        var (sink, certificate, settings) = try tlsSink(mode)
        defer { sink.stop() }
        settings.trustedCertificatesFile = certificate.certificateFile
        try await SMTPMailTransport(settings: settings).send(mail)
        let message = try #require(try sink.messages().first)
        #expect(message["encrypted"] as? Bool == true)
        #expect(message["authenticated"] as? Bool == true)
        #expect(Self.base64Parts(message["content"] as? String ?? "").contains(mail.text))
    }

    /// A certificate nobody vouches for is refused before anything is sent.
    @Test(arguments: ["starttls", "smtps"])
    func refusesAnUntrustedCertificate(mode: String) async throws {
        let (sink, _, settings) = try tlsSink(mode)
        defer { sink.stop() }
        await #expect(throws: (any Error).self) { try await SMTPMailTransport(settings: settings).send(mail) }
        #expect(try sink.messages().isEmpty)
    }

    @Test func failsQuicklyWhenNoServerListens() async throws {
        let settings = SMTPSettings(
            host: "127.0.0.1", port: 1, from: MailboxAddress(name: nil, address: "no-reply@prakerja.test"))
        await #expect(throws: (any Error).self) { try await SMTPMailTransport(settings: settings).send(mail) }
    }

    @Test func parsesSettingsFromAURL() throws {
        let from = MailboxAddress(name: nil, address: "a@b.id")
        let plain = try SMTPSettings(url: "smtp://user%40x:p%3Ass@mail.example.id", from: from)
        #expect(plain.host == "mail.example.id")
        #expect(plain.port == 587)
        #expect(plain.username == "user@x")
        #expect(plain.password == "p:ss")
        #expect(plain.security == .startTLSIfOffered)
        #expect(try SMTPSettings(url: "smtps://mail.example.id", from: from).port == 465)
        #expect(try SMTPSettings(url: "smtps://mail.example.id", from: from).security == .implicitTLS)
        #expect(throws: (any Error).self) { try SMTPSettings(url: "http://mail.example.id", from: from) }
        #expect(throws: (any Error).self) { try SMTPSettings(url: "smtp://mail.example.id?starttls=maybe", from: from) }
        #expect(
            MailboxAddress("Prakerja <no-reply@x.id>") == MailboxAddress(name: "Prakerja", address: "no-reply@x.id"))
        #expect(MailboxAddress("not an address") == nil)
    }

    /// Decodes every base64 MIME part of a message.
    static func base64Parts(_ content: String) -> [String] {
        let normalised = content.replacingOccurrences(of: "\r\n", with: "\n")
        return normalised.components(separatedBy: "Content-Transfer-Encoding: base64\n\n").dropFirst().compactMap {
            part in
            let encoded = part.components(separatedBy: "\n--").first?.replacingOccurrences(of: "\n", with: "") ?? ""
            return Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) }
        }
    }
}
