import Crypto
import Domain
import Foundation

/// One entry of a wave, as the draw sees it: a pseudonymous id, the quota group it competes in
/// (a province or regency code), whether it is on a priority list (reserved places), and a
/// pseudonymous household (family card) id for the family-card cap.
public struct DrawEntry: Sendable, Hashable, Codable {
    public var id: String
    public var group: String
    public var priority: Bool
    public var household: String

    public init(id: String, group: String, priority: Bool, household: String) {
        self.id = id
        self.group = group
        self.priority = priority
        self.household = household
    }
}

/// Places in a wave: at most `total`, of which `reserved` go first to priority-list entries,
/// and at most `groups[g]` to entries of group `g`.
public struct QuotaTable: Sendable, Hashable, Codable {
    public var total: Int
    public var reserved: Int
    public var groups: [String: Int]

    public init(total: Int, reserved: Int, groups: [String: Int]) {
        self.total = total
        self.reserved = reserved
        self.groups = groups
    }
}

/// The draw's randomness: the platform's secret seed, committed to (by its SHA-256) when the
/// wave opened, and a public random value named in advance and known only after the close.
public struct DrawSeed: Sendable, Hashable {
    public let platformSeed: [UInt8]
    public let publicValue: String

    public init(platformSeed: [UInt8], publicValue: String) {
        self.platformSeed = platformSeed
        self.publicValue = publicValue
    }

    /// What is published when the wave opens: SHA-256 of the platform seed, hex.
    public static func commitment(to platformSeed: [UInt8]) -> String {
        ByteEncoding.hex(SHA256.hash(data: platformSeed))
    }

    public var commitment: String { Self.commitment(to: platformSeed) }

    /// SHA-256("prakerja-draw/1" 0x00 platform seed 0x00 public value in UTF-8).
    public var bytes: [UInt8] {
        var input = Array(SelectionDraw.algorithm.utf8)
        input.append(0)
        input += platformSeed
        input.append(0)
        input += Array(publicValue.utf8)
        return Array(SHA256.hash(data: input))
    }
}

/// How an entry came out of the draw.
public enum DrawOutcome: String, Sendable, Codable, CaseIterable {
    /// Given one of the reserved places.
    case selectedReserved = "selected_reserved"
    /// Given one of its group's places.
    case selected
    /// Its household already had as many recipients as the family-card cap allows when its turn came.
    case capped
    case notSelected = "not_selected"

    public var isSelected: Bool { self == .selected || self == .selectedReserved }
}

/// One entry's result: its rank in its group's draw order, its rank among priority entries
/// (priority entries only), and its outcome.
public struct DrawResult: Sendable, Hashable, Codable {
    public var id: String
    public var rank: Int
    public var reservedRank: Int?
    public var outcome: DrawOutcome
}

/// The draw, a pure function of (entries in their frozen order, seed, quota table, family-card
/// cap, earlier recipients per household). `SELECTION.md` specifies it byte for byte.
public enum SelectionDraw {
    public static let algorithm = "prakerja-draw/1"

    /// SHA-256 over one line per entry in frozen order: `id TAB group TAB 0|1 TAB household LF`.
    public static func entryListHash(_ entries: [DrawEntry]) -> String {
        var hasher = SHA256()
        for entry in entries {
            hasher.update(
                data: Array("\(entry.id)\t\(entry.group)\t\(entry.priority ? 1 : 0)\t\(entry.household)\n".utf8))
        }
        return ByteEncoding.hex(hasher.finalize())
    }

    /// An entry's ticket: SHA-256(draw seed bytes ‖ entry id in UTF-8). Lower tickets draw first.
    public static func ticket(seed: [UInt8], entryID: String) -> [UInt8] {
        Array(SHA256.hash(data: seed + Array(entryID.utf8)))
    }

    /// The results, in the entries' order.
    public static func draw(
        entries: [DrawEntry], seed: DrawSeed, quota: QuotaTable, familyCardCap: Int?,
        priorRecipients: [String: Int] = [:]
    ) -> [DrawResult] {
        let seedBytes = seed.bytes
        let order = drawOrder(entries: entries, seed: seedBytes)
        var outcomes = [DrawOutcome?](repeating: nil, count: entries.count)
        var reservedRanks = [Int?](repeating: nil, count: entries.count)
        var ranks = [Int](repeating: 0, count: entries.count)
        var recipients = priorRecipients
        var selectedTotal = 0

        func householdFull(_ index: Int) -> Bool {
            guard let cap = familyCardCap else { return false }
            return recipients[entries[index].household, default: 0] >= cap
        }

        // Pass 1: reserved places, among priority entries in draw order.
        var reservedGiven = 0
        var reservedRank = 0
        for index in order where entries[index].priority {
            reservedRank += 1
            reservedRanks[index] = reservedRank
            guard reservedGiven < quota.reserved, selectedTotal < quota.total else { continue }
            if householdFull(index) {
                outcomes[index] = .capped
                continue
            }
            outcomes[index] = .selectedReserved
            recipients[entries[index].household, default: 0] += 1
            reservedGiven += 1
            selectedTotal += 1
        }

        // Pass 2: each group's places, every entry in draw order (ranks count them all).
        var groupRank: [String: Int] = [:]
        var groupGiven: [String: Int] = [:]
        for index in order {
            let group = entries[index].group
            groupRank[group, default: 0] += 1
            ranks[index] = groupRank[group]!
            guard outcomes[index] == nil else { continue }
            guard groupGiven[group, default: 0] < quota.groups[group, default: 0], selectedTotal < quota.total else {
                outcomes[index] = .notSelected
                continue
            }
            if householdFull(index) {
                outcomes[index] = .capped
                continue
            }
            outcomes[index] = .selected
            recipients[entries[index].household, default: 0] += 1
            groupGiven[group, default: 0] += 1
            selectedTotal += 1
        }

        return entries.indices.map { index in
            DrawResult(
                id: entries[index].id, rank: ranks[index], reservedRank: reservedRanks[index],
                outcome: outcomes[index] ?? .notSelected)
        }
    }

    /// Indexes of `entries` by ascending ticket (bytewise), ties by entry id (bytewise).
    static func drawOrder(entries: [DrawEntry], seed: [UInt8]) -> [Int] {
        let tickets = entries.map { ticket(seed: seed, entryID: $0.id) }
        // The first 8 bytes, big-endian, order almost every pair; the rest only break their ties.
        let leading = tickets.map { $0.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
        return entries.indices.sorted { a, b in
            if leading[a] != leading[b] { return leading[a] < leading[b] }
            let (x, y) = (tickets[a], tickets[b])
            if x != y { return x.lexicographicallyPrecedes(y) }
            return Array(entries[a].id.utf8).lexicographicallyPrecedes(Array(entries[b].id.utf8))
        }
    }
}
