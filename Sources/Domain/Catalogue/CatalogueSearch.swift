import Foundation

/// How course text becomes searchable words, the same for what is stored and what is typed:
/// lower case, accents folded, split at anything not a letter or digit, and words of one
/// character dropped. A query matches a course when every query word begins a word of the
/// course's Indonesian or English text, so "pemasar" finds "pemasaran" and "market" finds
/// "marketing".
public enum CatalogueSearch {
    /// The searchable words of `texts`, each once, joined by spaces with a space in front, so a
    /// database `LIKE '% word%'` finds a word's beginning.
    public static func document(_ texts: [String]) -> String {
        var seen = Set<String>()
        var words: [String] = []
        for word in texts.flatMap(Self.words) where seen.insert(word).inserted { words.append(word) }
        return " " + words.joined(separator: " ")
    }

    /// The words of a typed query: at most eight.
    public static func queryWords(_ text: String) -> [String] { Array(words(text).prefix(8)) }

    public static func words(_ text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        var words: [String] = []
        var current = ""
        for scalar in folded.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII {
                current.unicodeScalars.append(scalar)
            } else {
                if current.count > 1 { words.append(current) }
                current = ""
            }
        }
        if current.count > 1 { words.append(current) }
        return words
    }
}

/// What a participant filters the catalogue by; nil means any.
public struct CatalogueFilter: Sendable, Equatable {
    public var category: String?
    public var mode: Course.Mode?
    public var maximumPrice: Rupiah?
    public var provinceCode: String?
    /// Every word must begin a word of the course's text (`CatalogueSearch`).
    public var words: [String]

    public init(
        category: String? = nil, mode: Course.Mode? = nil, maximumPrice: Rupiah? = nil, provinceCode: String? = nil,
        words: [String] = []
    ) {
        self.category = category
        self.mode = mode
        self.maximumPrice = maximumPrice
        self.provinceCode = provinceCode
        self.words = words
    }
}
