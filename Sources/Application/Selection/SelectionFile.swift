import Domain
import Foundation

/// Everything needed to recompute a wave's draw, and nothing that identifies a person: what the
/// platform publishes per wave and `prakerja selection verify` checks. The format is in
/// `SELECTION.md`.
public struct SelectionFile: Sendable, Codable, Equatable {
    public struct Entry: Sendable, Codable, Equatable {
        public var id: String
        public var group: String
        public var priority: Bool
        public var household: String
        public var rank: Int
        public var reservedRank: Int?
        public var outcome: DrawOutcome

        enum CodingKeys: String, CodingKey {
            case id, group, priority, household, rank, outcome
            case reservedRank = "reserved_rank"
        }
    }

    public var algorithm: String
    public var wave: String
    /// SHA-256 of the platform seed, published when the wave opened.
    public var commitment: String
    /// The platform seed, hex, revealed with the result.
    public var platformSeed: String
    /// Which public value was named in advance, and the value itself.
    public var publicSource: String
    public var publicValue: String
    public var entryListHash: String
    public var quota: QuotaTable
    public var familyCardCap: Int?
    /// Recipients from earlier waves, per pseudonymous household.
    public var priorRecipients: [String: Int]
    /// Entries taken out at the re-check before the freeze, counted per reason.
    public var removedAtRecheck: [String: Int]
    public var entries: [Entry]

    enum CodingKeys: String, CodingKey {
        case algorithm, wave, commitment, quota, entries
        case platformSeed = "platform_seed"
        case publicSource = "public_source"
        case publicValue = "public_value"
        case entryListHash = "entry_list_hash"
        case familyCardCap = "family_card_cap"
        case priorRecipients = "prior_recipients"
        case removedAtRecheck = "removed_at_recheck"
    }

    public var drawEntries: [DrawEntry] {
        entries.map { DrawEntry(id: $0.id, group: $0.group, priority: $0.priority, household: $0.household) }
    }

    /// A file for a draw just made.
    public init(
        wave: String, seed: DrawSeed, publicSource: String, entries: [DrawEntry], quota: QuotaTable,
        familyCardCap: Int?, priorRecipients: [String: Int], removedAtRecheck: [String: Int]
    ) {
        let results = SelectionDraw.draw(
            entries: entries, seed: seed, quota: quota, familyCardCap: familyCardCap, priorRecipients: priorRecipients)
        algorithm = SelectionDraw.algorithm
        self.wave = wave
        commitment = seed.commitment
        platformSeed = ByteEncoding.hex(seed.platformSeed)
        self.publicSource = publicSource
        publicValue = seed.publicValue
        entryListHash = SelectionDraw.entryListHash(entries)
        self.quota = quota
        self.familyCardCap = familyCardCap
        self.priorRecipients = priorRecipients
        self.removedAtRecheck = removedAtRecheck
        self.entries = zip(entries, results).map { entry, result in
            Entry(
                id: entry.id, group: entry.group, priority: entry.priority, household: entry.household,
                rank: result.rank, reservedRank: result.reservedRank, outcome: result.outcome)
        }
    }

    /// What recomputing the file found: nothing wrong, or the first difference.
    public enum Check: Sendable, Equatable {
        case matches(selected: Int, entries: Int)
        case mismatch(String)
    }

    /// Recomputes the commitment, the entry list's hash and the whole draw from the file alone.
    public func verify() -> Check {
        guard algorithm == SelectionDraw.algorithm else { return .mismatch("unknown algorithm \(algorithm)") }
        guard let seedBytes = ByteEncoding.bytes(hex: platformSeed) else {
            return .mismatch("the platform seed is not hex")
        }
        let seed = DrawSeed(platformSeed: seedBytes, publicValue: publicValue)
        guard seed.commitment == commitment.lowercased() else {
            return .mismatch("the platform seed does not match the commitment published at the opening")
        }
        let entries = drawEntries
        guard SelectionDraw.entryListHash(entries) == entryListHash.lowercased() else {
            return .mismatch("the entry list does not match its published hash")
        }
        let results = SelectionDraw.draw(
            entries: entries, seed: seed, quota: quota, familyCardCap: familyCardCap, priorRecipients: priorRecipients)
        for (entry, result) in zip(self.entries, results)
        where entry.rank != result.rank || entry.reservedRank != result.reservedRank || entry.outcome != result.outcome
        {
            return .mismatch(
                "entry \(entry.id): the file says rank \(entry.rank), \(entry.outcome.rawValue); the draw gives rank \(result.rank), \(result.outcome.rawValue)"
            )
        }
        return .matches(selected: results.filter(\.outcome.isSelected).count, entries: results.count)
    }
}

/// What a draw is asked to do: a selection file without the results. `prakerja selection draw`
/// reads one and writes the selection file, so the examples in `SELECTION.md` can be rerun.
public struct SelectionRequest: Sendable, Codable, Equatable {
    public var wave: String
    public var platformSeed: String
    public var publicSource: String
    public var publicValue: String
    public var quota: QuotaTable
    public var familyCardCap: Int?
    public var priorRecipients: [String: Int]?
    public var removedAtRecheck: [String: Int]?
    public var entries: [DrawEntry]

    public init(
        wave: String, platformSeed: String, publicSource: String, publicValue: String, quota: QuotaTable,
        familyCardCap: Int?, priorRecipients: [String: Int]?, removedAtRecheck: [String: Int]?, entries: [DrawEntry]
    ) {
        self.wave = wave
        self.platformSeed = platformSeed
        self.publicSource = publicSource
        self.publicValue = publicValue
        self.quota = quota
        self.familyCardCap = familyCardCap
        self.priorRecipients = priorRecipients
        self.removedAtRecheck = removedAtRecheck
        self.entries = entries
    }

    enum CodingKeys: String, CodingKey {
        case wave, quota, entries
        case platformSeed = "platform_seed"
        case publicSource = "public_source"
        case publicValue = "public_value"
        case familyCardCap = "family_card_cap"
        case priorRecipients = "prior_recipients"
        case removedAtRecheck = "removed_at_recheck"
    }

    /// The selection file of this draw; nil when the platform seed is not hex.
    public func draw() -> SelectionFile? {
        guard let seed = ByteEncoding.bytes(hex: platformSeed) else { return nil }
        return SelectionFile(
            wave: wave, seed: DrawSeed(platformSeed: seed, publicValue: publicValue), publicSource: publicSource,
            entries: entries, quota: quota, familyCardCap: familyCardCap, priorRecipients: priorRecipients ?? [:],
            removedAtRecheck: removedAtRecheck ?? [:])
    }
}

extension SelectionFile {
    /// The published form: JSON with sorted keys, two-space indentation, one file per wave.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
