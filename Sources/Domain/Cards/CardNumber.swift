/// A Kartu Prakerja number: 16 digits, the last a Luhn check digit (ISO/IEC 7812), so a
/// mistyped digit or two swapped neighbours are caught before any lookup.
public struct CardNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    public let digits: String

    /// The programme's prefix: not a payment network's, so the card can never be mistaken for one.
    public static let prefix = "9360"

    /// A number from 11 random digits after the prefix, with its check digit.
    public init(body: String) {
        precondition(body.count == 11 && body.allSatisfy(\.isASCII) && body.allSatisfy(\.isNumber))
        let partial = Self.prefix + body
        digits = partial + String(Self.checkDigit(for: partial))
    }

    /// A typed number (spaces and dashes allowed); nil when it is not 16 digits with a valid check digit.
    public init?(_ text: String) {
        let compact = text.filter { $0 != " " && $0 != "-" }
        guard compact.count == 16, compact.allSatisfy({ $0.isASCII && $0.isNumber }),
            Self.checkDigit(for: String(compact.dropLast())) == compact.last?.wholeNumberValue
        else { return nil }
        digits = compact
    }

    /// The Luhn digit that makes `partial` followed by it pass the check.
    public static func checkDigit(for partial: String) -> Int {
        var sum = 0
        for (offset, character) in partial.reversed().enumerated() {
            var digit = character.wholeNumberValue ?? 0
            if offset % 2 == 0 {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
        }
        return (10 - sum % 10) % 10
    }

    /// "9360 1234 5678 9012", as printed on the card.
    public var description: String {
        stride(from: 0, to: 16, by: 4).map { start in
            let begin = digits.index(digits.startIndex, offsetBy: start)
            return String(digits[begin..<digits.index(begin, offsetBy: 4)])
        }.joined(separator: " ")
    }

    /// The last four digits only, for pages and messages.
    public var masked: String { "•••• •••• •••• " + digits.suffix(4) }
}
