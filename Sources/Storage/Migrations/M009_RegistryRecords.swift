import SQLKit

extension Migration {
    static let m009RegistryRecords = Migration(version: 9, name: "local civil registry") { dialect in
        [
            // The local civil registry: a copy loaded with `prakerja registry import`, keyed by
            // the NIK's keyed hash.
            """
            CREATE TABLE registry_records (
                nik_hash TEXT PRIMARY KEY,
                record TEXT NOT NULL
            )\(unsafeRaw: dialect.keyOnlyTableOptions)
            """
        ]
    }
}
