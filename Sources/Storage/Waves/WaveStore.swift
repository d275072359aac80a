import Domain
import Foundation
import SQLKit

/// One person's entry in a wave, as stored.
public struct WaveEntryRecord: Sendable, Equatable {
    public var id: String
    public var waveID: String
    public var accountID: String
    public var group: String
    public var priority: Bool
    public var household: String
    public var joinedAt: Date
    /// The draw's outcome (`DrawOutcome` raw value), `removed` at the re-check, or nil before the draw.
    public var outcome: String?
    public var removedReason: String?
    public var rank: Int?
    public var reservedRank: Int?

    public init(
        id: String, waveID: String, accountID: String, group: String, priority: Bool, household: String, joinedAt: Date,
        outcome: String? = nil, removedReason: String? = nil, rank: Int? = nil, reservedRank: Int? = nil
    ) {
        self.id = id
        self.waveID = waveID
        self.accountID = accountID
        self.group = group
        self.priority = priority
        self.household = household
        self.joinedAt = joinedAt
        self.outcome = outcome
        self.removedReason = removedReason
        self.rank = rank
        self.reservedRank = reservedRank
    }
}

/// Waves and their entries.
public struct WaveStore: Sendable {
    let connection: StorageConnection
    var sql: any SQLDatabase { connection.sql }

    public init(_ connection: StorageConnection) {
        self.connection = connection
    }

    static let waveColumns: SQLQueryString = """
        id, number, scheme_code, scheme_version, opens_at, closes_at, total_quota, reserved_quota, group_quotas,
        commitment, public_source, public_value, drawn_at
        """

    /// Inserts a wave with its secret seed, sealed; false when its number is taken.
    public func insert(_ wave: Wave, seed: [UInt8], now: Date) async throws -> Bool {
        let quotas = String(decoding: try JSONEncoder.sorted.encode(wave.groupQuotas), as: UTF8.self)
        let sealed = connection.cipher.seal(ByteEncoding.hex(seed), column: .waveSeed)
        return try await sql.raw(
            """
            INSERT INTO waves (id, number, scheme_code, scheme_version, opens_at, closes_at, total_quota,
                reserved_quota, group_quotas, seed, commitment, public_source, created_at)
            VALUES (\(bind: wave.id), \(bind: wave.number), \(bind: wave.schemeCode), \(bind: wave.schemeVersion),
                \(bind: wave.opensAt.millisecondsSince1970), \(bind: wave.closesAt.millisecondsSince1970),
                \(bind: wave.totalQuota), \(bind: wave.reservedQuota), \(bind: quotas), \(bind: sealed),
                \(bind: wave.commitment), \(bind: wave.publicSource), \(bind: now.millisecondsSince1970))
            ON CONFLICT (number) DO NOTHING
            RETURNING id
            """
        ).first() != nil
    }

    public func find(id: String) async throws -> Wave? {
        try await sql.raw("SELECT \(Self.waveColumns) FROM waves WHERE id = \(bind: id)").first().map(Self.wave)
    }

    public func find(number: Int) async throws -> Wave? {
        try await sql.raw("SELECT \(Self.waveColumns) FROM waves WHERE number = \(bind: number)").first().map(Self.wave)
    }

    public func all() async throws -> [Wave] {
        try await sql.raw("SELECT \(Self.waveColumns) FROM waves ORDER BY number").all().map(Self.wave)
    }

    /// The wave people can join at `now`, if any (the one opened last).
    public func open(at now: Date) async throws -> Wave? {
        let millis = now.millisecondsSince1970
        return try await sql.raw(
            """
            SELECT \(Self.waveColumns) FROM waves
            WHERE opens_at <= \(bind: millis) AND closes_at > \(bind: millis) AND drawn_at IS NULL
            ORDER BY opens_at DESC LIMIT 1
            """
        ).first().map(Self.wave)
    }

    /// The secret seed, for the draw.
    public func seed(waveID: String) async throws -> [UInt8]? {
        guard let row = try await sql.raw("SELECT seed FROM waves WHERE id = \(bind: waveID)").first() else {
            return nil
        }
        let hex = try connection.cipher.open(try row.decode(column: "seed", as: String.self), column: .waveSeed)
        return ByteEncoding.bytes(hex: hex)
    }

    /// The published selection file of a drawn wave.
    public func selection(waveID: String) async throws -> String? {
        try await sql.raw("SELECT selection FROM waves WHERE id = \(bind: waveID)").first()?
            .decode(column: "selection", as: String?.self)
    }

    /// Opens a scheduled wave now; false when it is open already, closed or drawn.
    public func openNow(waveID: String, at now: Date) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE waves SET opens_at = \(bind: now.millisecondsSince1970)
            WHERE id = \(bind: waveID) AND opens_at > \(bind: now.millisecondsSince1970) AND drawn_at IS NULL
            RETURNING id
            """
        ).first() != nil
    }

    /// Closes a wave now if it would close later; false when it is already closed or drawn.
    public func close(waveID: String, at now: Date) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE waves SET closes_at = \(bind: now.millisecondsSince1970)
            WHERE id = \(bind: waveID) AND closes_at > \(bind: now.millisecondsSince1970) AND drawn_at IS NULL
            RETURNING id
            """
        ).first() != nil
    }

    /// Records the public value once; false when one is recorded already or the wave is drawn.
    public func setPublicValue(waveID: String, value: String) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE waves SET public_value = \(bind: value)
            WHERE id = \(bind: waveID) AND public_value IS NULL AND drawn_at IS NULL
            RETURNING id
            """
        ).first() != nil
    }

    /// Marks the wave drawn with its published file; false when it already was.
    public func markDrawn(waveID: String, selection: String, at now: Date) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE waves SET drawn_at = \(bind: now.millisecondsSince1970), selection = \(bind: selection)
            WHERE id = \(bind: waveID) AND drawn_at IS NULL
            RETURNING id
            """
        ).first() != nil
    }

    static func wave(_ row: any SQLRow) throws -> Wave {
        let quotas = try JSONDecoder().decode(
            [String: Int].self, from: Data(try row.decode(column: "group_quotas", as: String.self).utf8))
        return Wave(
            id: try row.decode(column: "id", as: String.self), number: try row.decode(column: "number", as: Int.self),
            schemeCode: try row.decode(column: "scheme_code", as: String.self),
            schemeVersion: try row.decode(column: "scheme_version", as: Int.self),
            opensAt: Date(millisecondsSince1970: try row.decode(column: "opens_at", as: Int64.self)),
            closesAt: Date(millisecondsSince1970: try row.decode(column: "closes_at", as: Int64.self)),
            totalQuota: try row.decode(column: "total_quota", as: Int.self),
            reservedQuota: try row.decode(column: "reserved_quota", as: Int.self), groupQuotas: quotas,
            commitment: try row.decode(column: "commitment", as: String.self),
            publicSource: try row.decode(column: "public_source", as: String.self),
            publicValue: try row.decode(column: "public_value", as: String?.self),
            drawnAt: try row.decode(column: "drawn_at", as: Int64?.self).map(Date.init(millisecondsSince1970:)))
    }

    // MARK: Entries

    /// Inserts an entry; false when the account already has one in this wave.
    public func insert(_ entry: WaveEntryRecord) async throws -> Bool {
        try await sql.raw(
            """
            INSERT INTO wave_entries (id, wave_id, account_id, group_code, priority, household, joined_at)
            VALUES (\(bind: entry.id), \(bind: entry.waveID), \(bind: entry.accountID), \(bind: entry.group),
                \(bind: entry.priority), \(bind: entry.household), \(bind: entry.joinedAt.millisecondsSince1970))
            ON CONFLICT (wave_id, account_id) DO NOTHING
            RETURNING id
            """
        ).first() != nil
    }

    static let entryColumns: SQLQueryString = """
        id, wave_id, account_id, group_code, priority, household, joined_at, outcome, removed_reason, rank, reserved_rank
        """

    /// A wave's entries in their frozen order: by joining time, then id.
    public func entries(waveID: String) async throws -> [WaveEntryRecord] {
        try await sql.raw(
            "SELECT \(Self.entryColumns) FROM wave_entries WHERE wave_id = \(bind: waveID) ORDER BY joined_at, id"
        ).all().map(Self.entry)
    }

    /// What the re-check at a wave's close needs of one entry.
    public struct RecheckRow: Sendable {
        public var entry: WaveEntryRecord
        public var holdsCard: Bool
        /// The account's latest eligibility decision; nil when there is none.
        public var eligible: Bool?
        /// The profile's details as stored (sealed: `SealedColumn.profileDetails`); nil when
        /// there is no profile. The caller opens them, on as many cores as it likes.
        public var sealedDetails: String?
        public var nikHash: String?
        public var kkHash: String?
    }

    /// Every entry of a wave in its frozen order with what the re-check needs, in one query.
    public func recheckRows(waveID: String) async throws -> [RecheckRow] {
        try await sql.raw(
            """
            SELECT e.id, e.wave_id, e.account_id, e.group_code, e.priority, e.household, e.joined_at, e.outcome,
                e.removed_reason, e.rank, e.reserved_rank,
                CASE WHEN EXISTS (SELECT 1 FROM cards c WHERE c.account_id = e.account_id) THEN 1 ELSE 0 END
                    AS holds_card,
                (SELECT d.eligible FROM eligibility_decisions d WHERE d.account_id = e.account_id
                    ORDER BY d.decided_at DESC LIMIT 1) AS eligible,
                p.details AS profile_details, p.nik_hash, p.kk_hash
            FROM wave_entries e LEFT JOIN profiles p ON p.account_id = e.account_id
            WHERE e.wave_id = \(bind: waveID)
            ORDER BY e.joined_at, e.id
            """
        ).all().map { row in
            RecheckRow(
                entry: try Self.entry(row), holdsCard: try row.decode(column: "holds_card", as: Int.self) == 1,
                eligible: try row.decode(column: "eligible", as: Bool?.self),
                sealedDetails: try row.decode(column: "profile_details", as: String?.self),
                nikHash: try row.decode(column: "nik_hash", as: String?.self),
                kkHash: try row.decode(column: "kk_hash", as: String?.self))
        }
    }

    /// The account's newest entry, in any wave.
    public func latestEntry(accountID: String) async throws -> WaveEntryRecord? {
        try await sql.raw(
            """
            SELECT \(Self.entryColumns) FROM wave_entries WHERE account_id = \(bind: accountID)
            ORDER BY joined_at DESC LIMIT 1
            """
        ).first().map(Self.entry)
    }

    /// The highest rank selected in a group of a drawn wave (so a person can check their outcome).
    public func lastSelectedRank(waveID: String, group: String) async throws -> Int? {
        try await sql.raw(
            """
            SELECT MAX(rank) AS last FROM wave_entries
            WHERE wave_id = \(bind: waveID) AND group_code = \(bind: group) AND outcome = 'selected'
            """
        ).first()?.decode(column: "last", as: Int?.self)
    }

    /// Per quota group of a wave: its entries (removed at the re-check excluded) and those selected.
    public func groupCounts(waveID: String) async throws -> [(group: String, entries: Int, selected: Int)] {
        try await sql.raw(
            """
            SELECT group_code,
                CAST(SUM(CASE WHEN outcome IS NULL OR outcome <> 'removed' THEN 1 ELSE 0 END) AS BIGINT) AS entries,
                CAST(SUM(CASE WHEN outcome IN ('selected', 'selected_reserved') THEN 1 ELSE 0 END) AS BIGINT) AS selected
            FROM wave_entries WHERE wave_id = \(bind: waveID)
            GROUP BY group_code ORDER BY group_code
            """
        ).all().map {
            (
                try $0.decode(column: "group_code", as: String.self),
                Int(try $0.decode(column: "entries", as: Int64.self)),
                Int(try $0.decode(column: "selected", as: Int64.self))
            )
        }
    }

    /// Records each entry's outcome: written 1,000 rows at a time into a temporary table, then
    /// moved into the entries by one `UPDATE … FROM` (the same SQL on both engines).
    public func record(outcomes: [WaveEntryRecord]) async throws {
        guard !outcomes.isEmpty else { return }
        try await sql.raw(
            """
            CREATE TEMPORARY TABLE IF NOT EXISTS draw_outcomes (
                id TEXT PRIMARY KEY, outcome TEXT, removed_reason TEXT, rank INTEGER, reserved_rank INTEGER)
            """
        ).run()
        try await sql.raw("DELETE FROM draw_outcomes").run()
        for start in stride(from: 0, to: outcomes.count, by: 1_000) {
            let rows = SQLList(
                outcomes[start..<min(start + 1_000, outcomes.count)].map {
                    SQLQueryString(
                        "(\(bind: $0.id), \(bind: $0.outcome), \(bind: $0.removedReason), \(bind: $0.rank), \(bind: $0.reservedRank))"
                    )
                })
            try await sql.raw(
                "INSERT INTO draw_outcomes (id, outcome, removed_reason, rank, reserved_rank) VALUES \(rows)"
            ).run()
        }
        try await sql.raw(
            """
            UPDATE wave_entries SET outcome = d.outcome, removed_reason = d.removed_reason, rank = d.rank,
                reserved_rank = d.reserved_rank
            FROM draw_outcomes d WHERE wave_entries.id = d.id
            """
        ).run()
        try await sql.raw("DROP TABLE draw_outcomes").run()
    }

    static func entry(_ row: any SQLRow) throws -> WaveEntryRecord {
        WaveEntryRecord(
            id: try row.decode(column: "id", as: String.self),
            waveID: try row.decode(column: "wave_id", as: String.self),
            accountID: try row.decode(column: "account_id", as: String.self),
            group: try row.decode(column: "group_code", as: String.self),
            priority: try row.decode(column: "priority", as: Bool.self),
            household: try row.decode(column: "household", as: String.self),
            joinedAt: Date(millisecondsSince1970: try row.decode(column: "joined_at", as: Int64.self)),
            outcome: try row.decode(column: "outcome", as: String?.self),
            removedReason: try row.decode(column: "removed_reason", as: String?.self),
            rank: try row.decode(column: "rank", as: Int?.self),
            reservedRank: try row.decode(column: "reserved_rank", as: Int?.self))
    }
}

extension JSONEncoder {
    /// Sorted keys, so stored JSON is the same for the same value.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
