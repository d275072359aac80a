import Domain
import Foundation
import SQLKit

extension Migration {
    /// Accounts are found by their address with the local part in lower case
    /// (`EmailAddress.lookupForm`): each account's lookup hash is recomputed from its sealed
    /// address. Where two accounts would meet (`Case@x.id` and `case@x.id`), the older takes
    /// the folded hash if it is free and the other keeps the hash of its address as typed; the
    /// pair is reported by account id, for an operator to resolve with the people concerned.
    static let m020EmailLocalPartCase = Migration(
        version: 20, name: "email local parts compared without case", statements: { _ in [] },
        data: { connection, _ in
            let rows = try await connection.sql.raw(
                "SELECT id, email, email_sealed FROM accounts WHERE email_sealed IS NOT NULL ORDER BY created_at, id"
            ).all()
            var accounts: [(id: String, hash: String, folded: String)] = []
            for row in rows {
                let sealed = try row.decode(column: "email_sealed", as: String.self)
                let address = try connection.cipher.open(sealed, column: .accountEmail)
                guard let email = try? EmailAddress(address) else { continue }
                accounts.append(
                    (
                        try row.decode(column: "id", as: String.self), try row.decode(column: "email", as: String.self),
                        connection.cipher.lookupHash(email.lookupForm, column: .accountEmail)
                    ))
            }
            var holder = Dictionary(accounts.map { ($0.hash, $0.id) }, uniquingKeysWith: { first, _ in first })
            var notes: [String] = []
            for account in accounts where account.hash != account.folded {
                if let other = holder[account.folded] {
                    notes.append(
                        "accounts \(other) and \(account.id) differ only in the case of their address; "
                            + "\(account.id) is still found by its address exactly as typed")
                    continue
                }
                try await connection.sql.raw(
                    "UPDATE accounts SET email = \(bind: account.folded) WHERE id = \(bind: account.id)"
                ).run()
                holder[account.hash] = nil
                holder[account.folded] = account.id
            }
            return notes
        })
}
