import Application
import Foundation
import PropertyBased
import Testing

/// The lottery: a pure, deterministic function whose quotas and cap always hold, whose every
/// entry in a group has the same chance, and which `SELECTION.md` and a second implementation
/// describe exactly.
@Suite struct SelectionDrawTests {
    /// A made-up wave from a seed: a few groups, some priority entries, shared households.
    static func wave(seed: Int, size: Int) -> SelectionRequest {
        var state = UInt64(truncatingIfNeeded: seed) &+ 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let groups = ["11", "31", "32", "3507", "73"]
        let entries = (0..<size).map { index in
            DrawEntry(
                id: "E\(seed)x\(index)", group: groups[next(groups.count)], priority: next(5) == 0,
                household: "h\(next(max(1, size / 2)))")
        }
        var quotas: [String: Int] = [:]
        for group in groups.dropLast() { quotas[group] = next(4) }
        let platformSeed = (0..<32).map { _ in String(format: "%02x", next(256)) }.joined()
        return SelectionRequest(
            wave: "uji-\(seed)", platformSeed: platformSeed, publicSource: "uji", publicValue: "nilai-\(seed)",
            quota: QuotaTable(total: next(size + 1), reserved: next(3), groups: quotas),
            familyCardCap: next(3) == 0 ? nil : 1 + next(2), priorRecipients: ["h0": next(2)], removedAtRecheck: [:],
            entries: entries)
    }

    @Test func quotasAndTheCapAlwaysHoldAndTheDrawIsAPureFunction() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...80)) { seed, size in
            let request = Self.wave(seed: seed, size: size)
            guard let file = request.draw() else {
                Issue.record("the seed is hex")
                return
            }
            #expect(request.draw() == file, "the same inputs give the same draw")
            #expect(file.verify() == .matches(selected: file.entries.filter(\.outcome.isSelected).count, entries: size))
            let selected = file.entries.filter(\.outcome.isSelected)
            #expect(selected.count <= request.quota.total)
            #expect(file.entries.filter { $0.outcome == .selectedReserved }.count <= request.quota.reserved)
            #expect(file.entries.filter { $0.outcome == .selectedReserved }.allSatisfy { $0.priority })
            for (group, places) in request.quota.groups {
                #expect(file.entries.filter { $0.group == group && $0.outcome == .selected }.count <= places)
            }
            #expect(!file.entries.contains { $0.outcome == .selected && request.quota.groups[$0.group] == nil })
            if let cap = request.familyCardCap {
                let prior = request.priorRecipients ?? [:]
                var added: [String: Int] = [:]
                for entry in selected { added[entry.household, default: 0] += 1 }
                for (household, count) in added { #expect(prior[household, default: 0] + count <= cap) }
            }
            // Ranks number each group's entries 1, 2, 3 … with none missing.
            for group in Set(file.entries.map(\.group)) {
                let ranks = file.entries.filter { $0.group == group }.map(\.rank).sorted()
                #expect(ranks == Array(1...ranks.count))
            }
        }
    }

    @Test func anotherSeedOrEntryListGivesAnotherValidDraw() throws {
        let request = Self.wave(seed: 7, size: 60)
        let file = try #require(request.draw())
        var reseeded = request
        reseeded.publicValue = "nilai-lain"
        let other = try #require(reseeded.draw())
        #expect(other.entries.map(\.rank) != file.entries.map(\.rank))
        if case .mismatch(let problem) = other.verify() { Issue.record("\(problem)") }
        var shorter = request
        shorter.entries.removeLast()
        let third = try #require(shorter.draw())
        #expect(third.entryListHash != file.entryListHash)
        if case .mismatch(let problem) = third.verify() { Issue.record("\(problem)") }
    }

    @Test func aChangedOutcomeOrSeedIsCaught() throws {
        var file = try #require(Self.wave(seed: 11, size: 40).draw())
        let index = try #require(file.entries.firstIndex { $0.outcome == .notSelected })
        var edited = file
        edited.entries[index].outcome = .selected
        guard case .mismatch = edited.verify() else {
            Issue.record("an edited outcome verified")
            return
        }
        file.platformSeed = String(repeating: "0", count: 64)
        guard case .mismatch(let problem) = file.verify() else {
            Issue.record("a different seed verified")
            return
        }
        #expect(problem.contains("commitment"))
    }

    /// Ten entries of one group compete for three places over 3,000 seeds: each is selected
    /// about 900 times. Chi-square with 9 degrees of freedom stays under 27.88 (p = 0.001); the
    /// seeds are fixed, so the test gives the same figure every run.
    @Test func everyEntryOfAGroupHasTheSameChance() {
        let entries = (0..<10).map { DrawEntry(id: "P\($0)", group: "31", priority: false, household: "h\($0)") }
        let quota = QuotaTable(total: 3, reserved: 0, groups: ["31": 3])
        var counts = [Int](repeating: 0, count: entries.count)
        let runs = 3_000
        for run in 0..<runs {
            let seed = DrawSeed(platformSeed: Array("benih-\(run)".utf8), publicValue: "\(run)")
            let results = SelectionDraw.draw(entries: entries, seed: seed, quota: quota, familyCardCap: nil)
            for (index, result) in results.enumerated() where result.outcome.isSelected { counts[index] += 1 }
        }
        let expected = Double(runs * 3) / Double(entries.count)
        let chiSquare = counts.reduce(0.0) { $0 + pow(Double($1) - expected, 2) / expected }
        #expect(chiSquare < 27.88, "counts \(counts), chi-square \(chiSquare)")
    }

    /// The worked examples in SELECTION.md: each request, drawn, gives the file printed under it.
    @Test func theWorkedExamplesInSelectionMDHold() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("SELECTION.md"), encoding: .utf8)
        func blocks(_ tag: String) -> [Data] {
            text.components(separatedBy: "```json \(tag)\n").dropFirst().map {
                Data(($0.components(separatedBy: "\n```").first ?? "").utf8)
            }
        }
        let requests = blocks("selection-request")
        let files = blocks("selection-file")
        #expect(!requests.isEmpty)
        #expect(requests.count == files.count)
        for (request, expected) in zip(requests, files) {
            let drawn = try #require(try JSONDecoder().decode(SelectionRequest.self, from: request).draw())
            let published = try JSONDecoder().decode(SelectionFile.self, from: expected)
            #expect(drawn == published)
            if case .mismatch(let problem) = published.verify() { Issue.record("\(problem)") }
        }
    }

    /// A second implementation, in Python, written from SELECTION.md: the same file for many waves.
    @Test func anIndependentImplementationAgrees() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let script = root.appendingPathComponent("Tests/Selection/redraw.py").path
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("redraw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let encoder = JSONEncoder()
        for seed in 0..<25 {
            let request = Self.wave(seed: seed * 7919, size: seed * 3)
            let input = folder.appendingPathComponent("request-\(seed).json")
            try encoder.encode(request).write(to: input)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script, input.path]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let theirs = try JSONDecoder().decode(SelectionFile.self, from: data)
            #expect(theirs == request.draw(), "wave \(seed)")
        }
    }
}
