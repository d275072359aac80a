/// An Indonesian mobile number in E.164 form (+628…), as SMS codes are sent to it. Accepts the
/// ways people write it: 0812-3456-7890, +62 812 3456 7890, 62812…, (0812) 3456 7890.
public struct PhoneNumber: Sendable, Hashable, CustomStringConvertible {
    /// "+62" followed by the national number without its leading 0.
    public let e164: String

    public enum Invalid: Error, Equatable, Sendable {
        case empty
        case invalidCharacters
        case notIndonesian
        case notMobile
        case wrongLength
    }

    public init(_ raw: String) throws(Invalid) {
        let separators: Set<Character> = [" ", "-", ".", "(", ")", "\u{00A0}"]
        let compact = raw.filter { !separators.contains($0) }
        guard !compact.isEmpty else { throw .empty }
        var digits = Substring(compact)
        let international = digits.hasPrefix("+")
        if international { digits = digits.dropFirst() }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .invalidCharacters }

        let national: Substring
        if international || (digits.hasPrefix("62") && digits.count >= 11) {
            guard digits.hasPrefix("62") else { throw .notIndonesian }
            national = digits.dropFirst(2)
        } else if digits.hasPrefix("0") {
            national = digits.dropFirst()
        } else {
            national = digits
        }
        // Mobile numbers start with 8 (0812…, 0857…); SMS codes cannot go to landlines.
        guard national.first == "8" else { throw .notMobile }
        // Operators issue 9 to 12 digits after the leading 0 (0812-345-678 to 0812-3456-78901).
        guard (9...12).contains(national.count) else { throw .wrongLength }
        e164 = "+62" + national
    }

    public var description: String { e164 }
}
