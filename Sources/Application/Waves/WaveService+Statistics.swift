import Domain
import Foundation
import Storage

extension WaveService {
    /// A wave's public figures: per quota group, the entries, the places and those selected.
    public struct Figures: Sendable {
        public struct Group: Sendable, Equatable {
            public var code: String
            public var entries: Int
            public var places: Int
            public var selected: Int
        }

        public var wave: Wave
        public var groups: [Group]
    }

    /// Every wave's figures, newest first.
    public func figures() async throws -> [Figures] {
        try await database.read { connection in
            var all: [Figures] = []
            for wave in try await WaveStore(connection).all().reversed() {
                all.append(try await Self.figures(of: wave, in: connection))
            }
            return all
        }
    }

    /// What an operator running a wave sees: its figures, its scheme, and what the scheme's
    /// budget holds against what the selected would be granted.
    public struct Overview: Sendable {
        public var figures: Figures
        public var scheme: Scheme
        /// The programme budget's available credit balance (zero before it is funded).
        public var budgetAvailable: Rupiah
        /// What granting every place would take: places × the scheme's training balance.
        public var budgetNeeded: Rupiah
    }

    public func overview(number: Int, as principal: OperatorPrincipal) async throws -> Overview {
        try await operators.authorize(principal, .runProgramme, action: "wave.view")
        return try await database.read { connection in
            guard let wave = try await WaveStore(connection).find(number: number) else { throw Failure.unknownWave }
            guard
                let scheme = try await SchemeStore(connection).find(code: wave.schemeCode, version: wave.schemeVersion)
            else { throw Failure.unknownScheme }
            let budget = try await LedgerStore(connection).account(id: Self.budgetAccount(scheme))
            return Overview(
                figures: try await Self.figures(of: wave, in: connection), scheme: scheme,
                budgetAvailable: budget?.balance.available ?? Rupiah(0),
                budgetNeeded: scheme.trainingBalance * wave.totalQuota)
        }
    }

    static func figures(of wave: Wave, in connection: StorageConnection) async throws -> Figures {
        var groups: [String: Figures.Group] = [:]
        for (code, places) in wave.groupQuotas {
            groups[code] = .init(code: code, entries: 0, places: places, selected: 0)
        }
        for (code, entries, selected) in try await WaveStore(connection).groupCounts(waveID: wave.id) {
            groups[code, default: .init(code: code, entries: 0, places: 0, selected: 0)].entries = entries
            groups[code]?.selected = selected
        }
        return Figures(wave: wave, groups: groups.values.sorted { $0.code < $1.code })
    }
}
