import Foundation

/// A wave's places per province or regency as operators write them: `31=1200, 32=3400`, one
/// pair per comma, semicolon or line.
public enum GroupQuotas {
    /// The places per group; nil when a pair is not `CODE=PLACES` with a 2- or 4-digit code and
    /// a whole number of places, or when a code comes twice.
    public static func parse(_ text: String) -> [String: Int]? {
        var groups: [String: Int] = [:]
        let pairs = text.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isNewline })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !pairs.isEmpty else { return nil }
        for pair in pairs {
            let parts = pair.split(separator: "=", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, [2, 4].contains(parts[0].count), parts[0].allSatisfy(\.isASCIIDigit),
                let places = Int(parts[1]), places >= 0, groups[parts[0]] == nil
            else { return nil }
            groups[parts[0]] = places
        }
        return groups
    }

    /// The places written back as `31=1200, 32=3400`, codes in order.
    public static func text(_ groups: [String: Int]) -> String {
        groups.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
