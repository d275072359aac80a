import Application
import Foundation
import TestSupport

/// Starts a server on a fresh database of the given engine for one test.
func withServer<T: Sendable>(
    _ engine: TestEngine, environment: [String: String] = [:], _ body: (ServerProcess, HTTP) async throws -> T
) async throws -> T {
    let server = try await ServerProcess.start(
        databaseURL: try await TestDatabase.makeURL(engine), environment: environment)
    do {
        let result = try await body(server, HTTP(server.baseURL))
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

extension HTTP {
    /// Registers over the API as a client does: solves the current seed for the address and
    /// sends the solution with the registration (one request; the seed is a cacheable GET).
    /// `headers` (a waiting-room ticket) go with both requests.
    /// A busy address is asked for more bits (`proof_of_work_insufficient`): solved again for them.
    func register(_ email: String, headers: [String: String] = [:]) async throws -> Reply {
        let issued = try await get("/api/v1/challenges/seed", headers: headers).json
        let seed = issued["seed"] as? String ?? ""
        var bits = issued["bits"] as? Int ?? 0
        while true {
            let nonce = ProofOfWork.solve(seed: seed, email: email, bits: bits)
            let reply = try await post(
                "/api/v1/accounts", ["email": email, "proof_of_work": ["seed": seed, "nonce": nonce]], headers: headers)
            let error = reply.json["error"] as? [String: Any]
            guard error?["code"] as? String == "proof_of_work_insufficient",
                let required = (error?["fields"] as? [String: Any])?["required_bits"] as? String,
                let more = Int(required),
                more > bits
            else { return reply }
            bits = more
        }
    }

    /// The code in the newest mail to `email`, read from the local mailbox as a developer
    /// would, once more than `previous` mails have arrived there.
    func latestCode(to email: String, after previous: Int = 0, within seconds: Int = 10) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            let mailbox = try await get(
                "/dev/mailbox.json?to=\(email.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? email)")
            if mailbox.jsonArray.count > previous, let subject = mailbox.jsonArray.first?["subject"] as? String,
                let range = subject.range(of: #"\d{6}"#, options: .regularExpression)
            {
                return String(subject[range])
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw NoCode(email: email)
    }

    /// The six-digit code in the newest SMS to `phone` (E.164) in the local SMS box.
    func latestSMSCode(to phone: String) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let box = try await get(
                "/dev/sms.json?to=\(phone.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? phone)")
            if let text = box.jsonArray.first?["text"] as? String,
                let range = text.range(of: #"\d{6}"#, options: .regularExpression)
            {
                return String(text[range])
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw NoCode(email: phone)
    }

    func mailCount(to email: String) async throws -> Int {
        try await get(
            "/dev/mailbox.json?to=\(email.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? email)"
        ).jsonArray.count
    }

    struct NoCode: Error {
        let email: String
    }
}
