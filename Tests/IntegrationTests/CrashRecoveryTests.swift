import Foundation
import SQLKit
import Storage
import Synchronization
import TestSupport
import Testing

/// Hard kills in the middle of work, on both engines: nothing acknowledged is lost, every
/// queued email is delivered at least once, and one request never yields two different codes.
@Suite struct CrashRecoveryTests {
    /// Emails, with the codes each received, from the local mailbox in the database.
    static func codesByRecipient(_ database: any DatabaseClient) async throws -> [String: [String]] {
        let rows = try await database.read { try await $0.sql.raw("SELECT recipient, subject FROM dev_mailbox").all() }
        var codes: [String: [String]] = [:]
        for row in rows {
            let subject = try TestDatabase.cipher.open(
                try row.decode(column: "subject", as: String.self), column: .mailSubject)
            guard let range = subject.range(of: #"\d{6}"#, options: .regularExpression) else { continue }
            let recipient = try TestDatabase.cipher.open(
                try row.decode(column: "recipient", as: String.self), column: .mailRecipient)
            codes[recipient, default: []].append(String(subject[range]))
        }
        return codes
    }

    static func waitForEmptyOutbox(_ database: any DatabaseClient, seconds: Int = 60) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if try await database.read({ try await OutboxStore($0).depth() }).pending == 0 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the outbox did not empty within \(seconds) s")
    }

    /// Every acknowledged address has mail, and all of its mails carry one code.
    static func expectOneCodeEach(_ emails: some Sequence<String>, _ database: any DatabaseClient) async throws {
        let codes = try await codesByRecipient(database)
        for email in emails {
            let received = codes[email] ?? []
            #expect(!received.isEmpty, "no mail reached \(email)")
            #expect(Set(received).count <= 1, "\(email) received different codes: \(received)")
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aServerKilledMidSurgeLosesNothingItAcknowledged(engine: TestEngine) async throws {
        let url = try await TestDatabase.makeURL(engine)
        // The restarted server's worker has the killed one's name, so it takes back at once
        // what that one had claimed, well inside the default two-minute lease.
        let same = ["PRAKERJA_WORKER_NAME": "node-1/serve"]
        let first = try await ServerProcess.start(databaseURL: url, environment: same)
        let http = HTTP(first.baseURL)
        // Ten accounts whose codes have arrived, to verify while the server is killed.
        var waiting: [(email: String, code: String)] = []
        for index in 0..<10 {
            let email = "tunggu\(index)@contoh.id"
            #expect(try await http.register(email).status == 202)
            waiting.append((email, try await http.latestCode(to: email)))
        }
        let registered = Collected()
        let verified = Collected()
        await withTaskGroup(of: Void.self) { group in
            for (email, code) in waiting {
                group.addTask {
                    try? await Task.sleep(for: .milliseconds(Int.random(in: 0...400)))
                    let reply = try? await http.post(
                        "/api/v1/accounts/verify", ["email": email, "code": code, "password": "kucing-hitam-9"])
                    if reply?.status == 200 { verified.append(email) }
                }
            }
            for worker in 0..<16 {
                group.addTask {
                    for index in 0..<40 {
                        let email = "lonjakan-\(worker)-\(index)@contoh.id"
                        guard let reply = try? await http.register(email) else { return }
                        if reply.status == 202 { registered.append(email) }
                    }
                }
            }
            group.addTask {
                // The kill lands while registrations, verifications and deliveries are running
                // (or after two minutes at most, when the expectation below fails).
                let deadline = ContinuousClock.now + .seconds(120)
                while registered.count < 150, ContinuousClock.now < deadline {
                    try? await Task.sleep(for: .milliseconds(5))
                }
                await first.kill()
            }
        }
        let acknowledged = registered.all
        #expect(acknowledged.count >= 150 && acknowledged.count < 640, "the kill should land mid-surge")

        let second = try await ServerProcess.start(databaseURL: url, environment: same)
        let database = try await TestDatabase.open(url)
        do {
            let rows = try await database.read {
                try await $0.sql.raw("SELECT email_sealed, email_verified_at FROM accounts").all()
            }
            var stored: [String: Bool] = [:]
            for row in rows {
                let email = try TestDatabase.cipher.open(
                    try row.decode(column: "email_sealed", as: String.self), column: .accountEmail)
                stored[email] =
                    try row.decode(column: "email_verified_at", as: Int64?.self) != nil
            }
            for email in acknowledged { #expect(stored[email] != nil, "\(email) was acknowledged but is missing") }
            for email in verified.all {
                #expect(stored[email] == true, "\(email) was verified but is not")
            }
            try await Self.waitForEmptyOutbox(database)
            try await Self.expectOneCodeEach(acknowledged + waiting.map(\.email), database)
        } catch {
            await database.close()
            await second.stop()
            throw error
        }
        await database.close()
        await second.stop()
    }

    /// The worker delivers to a mail server that takes 150 ms per message, so the kill lands
    /// while a batch is in flight; the next worker takes over once the lease ends.
    @Test(arguments: TestEngine.allCases)
    func aWorkerKilledMidDeliveryLeavesTheRestToTheNext(engine: TestEngine) async throws {
        let url = try await TestDatabase.makeURL(engine)
        let mail = try SMTPSink(delay: 150)
        defer { mail.stop() }
        let server = try await ServerProcess.start(databaseURL: url, environment: ["PRAKERJA_WORKER": "false"])
        let http = HTTP(server.baseURL)
        let emails = (0..<300).map { "antre\($0)@contoh.id" }
        await withTaskGroup(of: Void.self) { group in
            for chunk in stride(from: 0, to: emails.count, by: 25) {
                group.addTask {
                    for email in emails[chunk..<min(chunk + 25, emails.count)] { _ = try? await http.register(email) }
                }
            }
        }
        let database = try await TestDatabase.open(url)
        do {
            #expect(try await database.read({ try await OutboxStore($0).depth() }).pending == emails.count)
            // A short lease, so what the killed worker had claimed comes back within the test.
            let environment = [
                "PRAKERJA_OUTBOX_LEASE_SECONDS": "2", "PRAKERJA_SMTP_URL": "smtp://127.0.0.1:\(mail.port)",
            ]
            let first = try ServerProcess.startWorker(databaseURL: url, environment: environment)
            let deadline = ContinuousClock.now + .seconds(60)
            while try mail.messages().isEmpty, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            await first.kill()
            let afterKill = try mail.messages().count
            #expect(afterKill > 0 && afterKill < emails.count, "the kill should land mid-delivery (\(afterKill))")

            let second = try ServerProcess.startWorker(databaseURL: url, environment: environment)
            try await Self.waitForEmptyOutbox(database)
            await second.stop()
            #expect(second.exitStatus == 0)
            var codes: [String: Set<String>] = [:]
            for message in try mail.messages() {
                let recipient = (message["rcpt_tos"] as? [String])?.first ?? ""
                let subject =
                    (message["content"] as? String ?? "").components(separatedBy: .newlines)
                    .first { $0.hasPrefix("Subject:") } ?? ""
                if let range = subject.range(of: #"\d{6}"#, options: .regularExpression) {
                    codes[recipient, default: []].insert(String(subject[range]))
                }
            }
            for email in emails {
                #expect(codes[email]?.count == 1, "\(email) received \(codes[email] ?? [])")
            }
        } catch {
            await database.close()
            await server.stop()
            throw error
        }
        await database.close()
        await server.stop()
    }
}

/// Strings gathered by concurrent tasks.
final class Collected: Sendable {
    private let items = Mutex<[String]>([])

    func append(_ item: String) { items.withLock { $0.append(item) } }
    var all: [String] { items.withLock { $0 } }
    var count: Int { items.withLock { $0.count } }
}
