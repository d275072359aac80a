import Domain
import Foundation

/// The civil registry (Dukcapil): what it holds for an NIK, or nil when it has no such NIK.
/// Called only from background work (the outbox), never on a person's request.
public protocol CivilRegistry: Sendable {
    func lookup(nik: String) async throws -> RegistryRecord?
}

public enum CivilRegistryError: Error, Equatable, Sendable {
    /// The registry did not answer usefully after the allowed attempts; try again later.
    case unavailable(String)
    /// Too many recent failures: not calling the registry for a while.
    case circuitOpen
}

/// The JSON the registry's HTTP contract uses for one person.
public struct RegistryRecordBody: Codable, Sendable {
    public let nik: String
    public let kk: String
    public let fullName: String
    public let birthDate: String
    public let alive: Bool

    enum CodingKeys: String, CodingKey {
        case nik, kk, alive
        case fullName = "full_name"
        case birthDate = "birth_date"
    }

    public init(_ record: RegistryRecord) {
        nik = record.nik
        kk = record.familyCardNumber
        fullName = record.fullName
        birthDate = record.birthDate.description
        alive = record.isAlive
    }

    public var record: RegistryRecord? {
        let parts = birthDate.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return RegistryRecord(
            nik: nik, familyCardNumber: kk, fullName: fullName,
            birthDate: CalendarDate(year: parts[0], month: parts[1], day: parts[2]), isAlive: alive)
    }
}
