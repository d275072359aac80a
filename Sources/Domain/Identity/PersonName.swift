import Foundation

/// Names as the civil registry and applicants write them differ in case, punctuation, spacing,
/// titles and degrees ("Dr. Hj. Siti Aminah, S.Pd."). Matching compares normalised names by a
/// similarity score.
public enum PersonName {
    /// Religious and academic titles and degrees, without dots, as they appear around names.
    static let titles: Set<String> = [
        "H", "HJ", "HAJI", "HAJJAH", "IR", "DR", "DRS", "DRA", "PROF", "DRG", "DRH", "KH", "USTADZ", "USTADZAH",
        "SPD", "SPDI", "SE", "SH", "ST", "SKOM", "SSOS", "SSI", "SAG", "SKM", "SKEP", "SFARM", "SKED", "SIP", "SPSI",
        "SHUT", "SP", "STP", "SIKOM", "MM", "MSI", "MPD", "MKOM", "MT", "MH", "MAG", "MA", "MBA", "MSC", "PHD", "AMD",
        "AMKEP", "AMDKEB", "BA", "BSC", "SSTP", "MKES", "SPOG", "SPA", "SPB",
    ]

    /// Upper case, no accents or punctuation, single spaces, titles and degrees removed.
    public static func normalised(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil).uppercased()
        var tokens: [String] = []
        for rawToken in folded.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }) {
            let bare = rawToken.filter { $0.isLetter || $0.isNumber }
            // A token is dropped only when it is a title as a whole ("S.Pd."), so initials such
            // as "A.S." stay.
            guard !bare.isEmpty, !titles.contains(bare) else { continue }
            tokens.append(bare)
        }
        return tokens.joined(separator: " ")
    }

    /// Similarity of two names from 0 to 1 after normalisation, word by word: each word is
    /// scored by its closest word in the other name (Jaro–Winkler), the scores averaged, and the
    /// lower of the two directions kept, so word order does not matter but a missing or
    /// different word does ("Siti Aminah" vs "Siti Aisyah", "Rina" vs "Rina Wati Susanti").
    public static func similarity(_ first: String, _ second: String) -> Double {
        let a = normalised(first).split(separator: " ").map(String.init)
        let b = normalised(second).split(separator: " ").map(String.init)
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        func score(_ words: [String], against others: [String]) -> Double {
            words.map { word in others.map { jaroWinkler(word, $0) }.max() ?? 0 }.reduce(0, +) / Double(words.count)
        }
        return min(score(a, against: b), score(b, against: a))
    }

    static func jaroWinkler(_ first: String, _ second: String) -> Double {
        let a = Array(first)
        let b = Array(second)
        if a == b { return 1 }
        let window = max(0, max(a.count, b.count) / 2 - 1)
        var matchedA = [Bool](repeating: false, count: a.count)
        var matchedB = [Bool](repeating: false, count: b.count)
        var matches = 0
        for i in a.indices {
            let low = max(0, i - window)
            let high = min(b.count - 1, i + window)
            guard low <= high else { continue }
            for j in low...high where !matchedB[j] && a[i] == b[j] {
                matchedA[i] = true
                matchedB[j] = true
                matches += 1
                break
            }
        }
        guard matches > 0 else { return 0 }
        var transpositions = 0
        var k = 0
        for i in a.indices where matchedA[i] {
            while !matchedB[k] { k += 1 }
            if a[i] != b[k] { transpositions += 1 }
            k += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(a.count) + m / Double(b.count) + (m - Double(transpositions) / 2) / m) / 3
        let prefix = zip(a, b).prefix(4).prefix { $0 == $1 }.count
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}
