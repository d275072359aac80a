import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// An account as the API shows it.
struct AccountView: Encodable {
    let id: String
    let email: String
    let locale: String
    let stage: String
    let emailVerified: Bool
    let createdAt: Date

    init(_ account: AccountRecord) {
        id = account.id
        email = account.email
        locale = account.locale.rawValue
        stage = account.stage.rawValue
        emailVerified = account.isEmailVerified
        createdAt = account.createdAt
    }
}

struct SessionView: Encodable {
    let token: String
    let expiresAt: Date
    let account: AccountView
    /// Send it with later sign-ins (`device_token`): an account under attack from elsewhere
    /// still answers this app as usual.
    let deviceToken: String

    init(_ session: IssuedSession) {
        token = session.token
        expiresAt = session.expiresAt
        account = AccountView(session.account)
        deviceToken = session.deviceToken
    }
}
