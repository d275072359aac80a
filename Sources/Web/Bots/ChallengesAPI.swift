import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// Proof of work for registration. `GET /api/v1/challenges/seed`: the current seed, cacheable,
/// one fetch for many registrations; find a nonce such that
/// SHA-256(seed + ":" + email + ":" + nonce) has `bits` leading zero bits (the email trimmed and
/// in lower case) and send `{seed, nonce}` with `POST /api/v1/accounts`: one request per
/// registration. `POST /api/v1/challenges`: the older form, a challenge per registration,
/// SHA-256(challenge + ":" + nonce), sent back as `{challenge, nonce}`.
struct ChallengesAPI {
    let issuer: ChallengeIssuer
    let clock: any AppClock

    func add(public router: some RouterMethods<AppRequestContext>) {
        let (issuer, clock) = (issuer, clock)
        router.post("challenges") { _, context in
            try JSONBody.response(issuer.issue(for: context.clientAddress, now: clock.now()), status: .created)
        }
        router.get("challenges/seed") { _, _ in
            let seed = issuer.seed(now: clock.now())
            var response = try JSONBody.response(seed)
            let left = max(0, Int(seed.expiresAt.timeIntervalSince(clock.now())))
            // Short enough that a change of difficulty under load reaches clients within a minute.
            response.headers[.cacheControl] = "public, max-age=\(min(60, left))"
            return response
        }
    }
}
