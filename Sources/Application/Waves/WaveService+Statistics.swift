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
            let store = WaveStore(connection)
            var all: [Figures] = []
            for wave in try await store.all().reversed() {
                var groups: [String: Figures.Group] = [:]
                for (code, places) in wave.groupQuotas {
                    groups[code] = .init(code: code, entries: 0, places: places, selected: 0)
                }
                for (code, entries, selected) in try await store.groupCounts(waveID: wave.id) {
                    groups[code, default: .init(code: code, entries: 0, places: 0, selected: 0)].entries = entries
                    groups[code]?.selected = selected
                }
                all.append(Figures(wave: wave, groups: groups.values.sorted { $0.code < $1.code }))
            }
            return all
        }
    }
}
