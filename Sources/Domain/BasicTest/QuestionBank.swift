/// The basic test's questions (tes motivasi dan kemampuan dasar), in both languages.
public struct QuestionBank: Sendable, Codable, Equatable {
    public struct Text: Sendable, Codable, Equatable {
        public let id: String
        public let en: String

        public func text(_ locale: AppLocale) -> String { locale == .english ? en : id }
    }

    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Arithmetic: fractions, percentages, discounts, small tables. Scored.
        case numeracy
        /// A short text and a question about it. Scored.
        case reading
        /// A Likert statement: recorded, not scored.
        case motivation
    }

    public struct Item: Sendable, Codable, Equatable {
        public let id: String
        public let kind: Kind
        public let text: Text
        public let options: [Text]
        /// The index of the right option; nil for a motivation item.
        public let correct: Int?
    }

    public let version: Int
    public let items: [Item]

    public init(version: Int, items: [Item]) {
        self.version = version
        self.items = items
    }

    public func item(_ id: String) -> Item? { items.first { $0.id == id } }
}

/// How a sitting is drawn and scored.
public enum SittingRules {
    /// How many questions of each kind a sitting of `count` has: four ninths numeracy, five
    /// eighteenths reading, the rest motivation (8, 5 and 5 of 18).
    public static func mix(count: Int) -> [QuestionBank.Kind: Int] {
        let numeracy = count * 4 / 9
        let reading = count * 5 / 18
        return [.numeracy: numeracy, .reading: reading, .motivation: count - numeracy - reading]
    }

    /// The questions of one sitting, in the order this person sees them: drawn per kind and
    /// shuffled, all by a generator seeded per person and sitting.
    public static func draw(from bank: QuestionBank, count: Int, seed: UInt64) -> [String] {
        var generator = SplitMix64(seed: seed)
        var chosen: [String] = []
        for kind in QuestionBank.Kind.allCases {
            let pool = bank.items.filter { $0.kind == kind }.map(\.id).shuffled(using: &generator)
            chosen += pool.prefix(mix(count: count)[kind] ?? 0)
        }
        return chosen.shuffled(using: &generator)
    }

    /// The score, in percent of the scored questions answered right (rounded down).
    public static func score(questions: [String], answers: [String: Int], bank: QuestionBank) -> Int {
        let scored = questions.compactMap(bank.item).filter { $0.correct != nil }
        guard !scored.isEmpty else { return 0 }
        let right = scored.filter { answers[$0.id] == $0.correct }.count
        return right * 100 / scored.count
    }
}
