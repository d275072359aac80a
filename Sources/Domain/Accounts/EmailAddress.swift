import Foundation

/// An email address as the platform stores it: trimmed, domain mapped as UTS 46 says
/// (`DomainNameMapping`: full-width forms, ideographic full stops, case) and in ASCII
/// (internationalised domain labels converted to Punycode), local part kept as typed for
/// sending. Two addresses whose local parts differ only in case are one account
/// (`lookupForm`): nearly every mailbox provider treats them alike, and phones capitalise the
/// first letter.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    /// The form addresses are compared and looked up in: the local part in lower case. The
    /// local part is ASCII, so this is the whole of the folding.
    public var lookupForm: String {
        let at = value.lastIndex(of: "@")!
        return value[..<at].lowercased() + value[at...]
    }

    public enum Invalid: Error, Equatable, Sendable {
        case empty
        case tooLong
        case missingAt
        case invalidLocalPart
        case invalidDomain
    }

    public init(_ raw: String) throws(Invalid) {
        let trimmed = Self.trimmed(raw)
        guard !trimmed.isEmpty else { throw .empty }
        guard let at = trimmed.lastIndex(of: "@") else { throw .missingAt }
        let local = String(trimmed[..<at])
        let domain = String(trimmed[trimmed.index(after: at)...])
        guard Self.isValidLocalPart(local) else { throw .invalidLocalPart }
        guard let asciiDomain = Self.normalisedDomain(domain) else { throw .invalidDomain }
        let address = local + "@" + asciiDomain
        guard address.utf8.count <= 254 else { throw .tooLong }
        self.value = address
    }

    public var description: String { value }

    /// `raw` without white space at its ends; Foundation's trimming only when an end is not
    /// plain ASCII (nearly every address typed or sent), as it costs more than the rest of
    /// reading one.
    public static func trimmed(_ raw: String) -> String {
        let plain = { (byte: UInt8?) in byte.map { (0x21...0x7E).contains($0) } ?? true }
        guard plain(raw.utf8.first) && plain(raw.utf8.last) else {
            return raw.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return raw
    }

    public var domain: Substring { value[value.index(after: value.lastIndex(of: "@")!)...] }

    // RFC 5322 dot-atom with the characters mail systems accept in practice.
    private static let localAllowed = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.".utf8)

    static func isValidLocalPart(_ local: String) -> Bool {
        let bytes = Array(local.utf8)
        guard (1...64).contains(bytes.count) else { return false }
        guard bytes.first != UInt8(ascii: "."), bytes.last != UInt8(ascii: ".") else { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            guard localAllowed.contains(byte) else { return false }
            if byte == UInt8(ascii: "."), previous == UInt8(ascii: ".") { return false }
            previous = byte
        }
        return true
    }

    static func normalisedDomain(_ domain: String) -> String? {
        let lowered = DomainNameMapping.map(domain)
        let withoutRootDot = lowered.hasSuffix(".") ? String(lowered.dropLast()) : lowered
        let labels = withoutRootDot.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return nil }
        var asciiLabels: [String] = []
        for label in labels {
            guard let ascii = Punycode.asciiLabel(String(label)), isValidLabel(ascii) else { return nil }
            asciiLabels.append(ascii)
        }
        let topLevel = asciiLabels.last!
        guard topLevel.hasPrefix("xn--") || topLevel.allSatisfy({ $0.isLetter }) else { return nil }
        let result = asciiLabels.joined(separator: ".")
        return result.utf8.count <= 253 ? result : nil
    }

    private static func isValidLabel(_ label: String) -> Bool {
        let bytes = Array(label.utf8)
        guard (1...63).contains(bytes.count) else { return false }
        guard bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }
    }
}
