import Foundation
import NIOCore

/// One SMTP dialogue over a line-framed channel: commands out, (multi-line) replies in.
struct SMTPConversation {
    var lines: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    func send(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text))
    }

    /// Sends a command and checks the reply code; returns the reply's text lines (for EHLO,
    /// the capabilities after the greeting line).
    @discardableResult
    mutating func command(_ command: String, expect codes: Int...) async throws -> [String] {
        try await send(command + "\r\n")
        // Errors name the verb only: arguments may hold addresses.
        let verb = command.split(separator: " ").first.map(String.init) ?? command
        return try await expect(codes, after: verb)
    }

    @discardableResult
    mutating func expect(_ code: Int, after what: String) async throws -> [String] {
        try await expect([code], after: what)
    }

    @discardableResult
    mutating func expect(_ codes: [Int], after what: String) async throws -> [String] {
        let (code, text) = try await readReply()
        guard codes.contains(code) else {
            // Servers often echo the address ("550 <budi@…> unknown"); errors end up in logs.
            let redacted = text.joined(separator: " ").replacingOccurrences(
                of: #"\S+@\S+"#, with: "[address]", options: .regularExpression)
            throw SMTPError.unexpectedReply(command: what, code: code, text: redacted)
        }
        return Array(text.dropFirst())
    }

    /// Reads lines until the last line of a reply ("250 …" after any "250-…").
    mutating func readReply() async throws -> (Int, [String]) {
        var texts: [String] = []
        while true {
            guard var buffer = try await lines.next() else { throw SMTPError.connectionClosed }
            var line = buffer.readString(length: buffer.readableBytes) ?? ""
            if line.hasSuffix("\r") { line.removeLast() }
            guard line.count >= 3, let code = Int(line.prefix(3)) else { throw SMTPError.malformedReply(line) }
            let separator = line.dropFirst(3).first
            texts.append(String(line.dropFirst(4)))
            if separator != "-" { return (code, texts) }
        }
    }

    mutating func authenticate(username: String, password: String, capabilities: [String]) async throws {
        let mechanisms =
            capabilities
            .filter { $0.uppercased().hasPrefix("AUTH") }
            .flatMap { $0.uppercased().split(whereSeparator: { $0 == " " || $0 == "=" }).dropFirst().map(String.init) }
        if mechanisms.contains("PLAIN") {
            let token = Data("\0\(username)\0\(password)".utf8).base64EncodedString()
            try await send("AUTH PLAIN \(token)\r\n")
            try await expect(235, after: "AUTH")
        } else if mechanisms.contains("LOGIN") {
            try await send("AUTH LOGIN\r\n")
            try await expect(334, after: "AUTH")
            try await send(Data(username.utf8).base64EncodedString() + "\r\n")
            try await expect(334, after: "AUTH")
            try await send(Data(password.utf8).base64EncodedString() + "\r\n")
            try await expect(235, after: "AUTH")
        } else {
            throw SMTPError.authenticationNotOffered
        }
    }
}
