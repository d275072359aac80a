/// An amount of money in whole rupiah. Integer only: the rupiah has no minor unit in use.
public struct Rupiah: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let amount: Int64

    public init(_ amount: Int64) {
        self.amount = amount
    }

    /// In JSON a plain integer of rupiah.
    public init(from decoder: any Decoder) throws {
        amount = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(amount)
    }

    public static func < (lhs: Rupiah, rhs: Rupiah) -> Bool { lhs.amount < rhs.amount }
    public static func + (lhs: Rupiah, rhs: Rupiah) -> Rupiah { Rupiah(lhs.amount + rhs.amount) }
    public static func * (lhs: Rupiah, rhs: Int) -> Rupiah { Rupiah(lhs.amount * Int64(rhs)) }

    /// "Rp1.000.000", as Indonesian documents write it.
    public var description: String {
        "\(amount < 0 ? "-" : "")Rp\(NumberFormat.grouped(Int(amount.magnitude), locale: .indonesian))"
    }
}
