import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// `POST /api/v1/challenges`: a proof-of-work challenge for registration. Find a nonce such
/// that SHA-256(challenge + ":" + nonce) has `bits` leading zero bits, and send both with
/// `POST /api/v1/accounts`.
struct ChallengesAPI {
    let issuer: ChallengeIssuer
    let clock: any AppClock

    func add(public router: some RouterMethods<AppRequestContext>) {
        let (issuer, clock) = (issuer, clock)
        router.post("challenges") { _, context in
            try JSONBody.response(issuer.issue(for: context.clientAddress, now: clock.now()), status: .created)
        }
    }
}
