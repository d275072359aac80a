import Domain
import Foundation
import SQLKit

extension Migration {
    /// Scheme versions as data: the shipped 2020 and 2023 schemes, and any an operator adds.
    /// A version once stored is never changed (`SchemeStore.add` refuses a different one).
    static let m024Schemes = Migration(
        version: 24, name: "scheme versions as data",
        statements: { _ in
            [
                """
                CREATE TABLE schemes (
                    code TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    definition TEXT NOT NULL,
                    added_at BIGINT NOT NULL,
                    PRIMARY KEY (code, version)
                )
                """
            ]
        },
        data: { connection, now in
            for scheme in Scheme.all { _ = try await SchemeStore(connection).add(scheme, now: now) }
            return []
        })
}
