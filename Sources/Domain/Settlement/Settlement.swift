import Foundation

/// One settlement run: what the programme pays each platform for the redeemed purchases not
/// settled before. Only a redeemed purchase is settled: one voided before redemption returned
/// its money to the participant and is never owed.
public struct Settlement: Sendable, Equatable, Codable {
    /// What one platform is paid.
    public struct Line: Sendable, Equatable, Codable {
        public var platformID: String
        public var clientCode: String
        public var legalName: String
        /// The scheme version the money came from.
        public var scheme: String
        public var purchases: Int
        public var amount: Rupiah
        /// The ledger transfer that paid it.
        public var transferID: String

        public init(
            platformID: String, clientCode: String, legalName: String, scheme: String, purchases: Int, amount: Rupiah,
            transferID: String
        ) {
            self.scheme = scheme
            self.platformID = platformID
            self.clientCode = clientCode
            self.legalName = legalName
            self.purchases = purchases
            self.amount = amount
            self.transferID = transferID
        }
    }

    public var id: String
    public var createdAt: Date
    public var lines: [Line]

    public init(id: String, createdAt: Date, lines: [Line]) {
        self.id = id
        self.createdAt = createdAt
        self.lines = lines
    }

    public var total: Rupiah { Rupiah(lines.map(\.amount.amount).reduce(0, +)) }

    /// The file the finance office pays from: one line per platform, amounts in whole rupiah.
    public var csv: String {
        var rows = ["settlement_id,platform_id,client_code,legal_name,scheme,purchases,amount,ledger_transfer"]
        for line in lines {
            let name = "\"" + line.legalName.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            rows.append(
                "\(id),\(line.platformID),\(line.clientCode),\(name),\(line.scheme),\(line.purchases),\(line.amount.amount),\(line.transferID)"
            )
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
