import Domain
import Foundation
import Storage

/// The civil registry answered from the `registry_records` table, loaded with
/// `prakerja registry import` (or with the demo population on the embedded default).
public struct LocalCivilRegistry: CivilRegistry {
    let database: any DatabaseClient
    let index: BlindIndex

    public init(database: any DatabaseClient, index: BlindIndex) {
        self.database = database
        self.index = index
    }

    public func lookup(nik: String) async throws -> RegistryRecord? {
        let hash = index.hash(nik)
        guard let json = try await database.read({ try await RegistryRecordStore($0).find(nikHash: hash) }) else {
            return nil
        }
        return try JSONDecoder().decode(RegistryRecordBody.self, from: Data(json.utf8)).record
    }
}
