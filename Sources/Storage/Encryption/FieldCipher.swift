import Crypto
import Foundation

/// Encrypts personal data before it is written and decrypts it when read (AES-256-GCM). A
/// stored value reads `enc1:KEYID:BASE64(nonce ‖ ciphertext ‖ tag)`, so each row names the key
/// it was sealed under and rows can be re-encrypted one batch at a time while the platform runs.
/// The column is authenticated with the data, so a value copied into another column fails to open.
public struct FieldCipher: Sendable {
    public let currentKeyID: String
    private let keys: [String: [UInt8]]
    /// Hashes sealed values that must stay findable (email, SMS recipient).
    private let index: BlindIndex
    private static let prefix = "enc1:"

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unknownKey(String)
        case malformed
        case tampered

        public var description: String {
            switch self {
            case .unknownKey(let id): "data encrypted under key \(id), which is not configured"
            case .malformed: "an encrypted value is malformed"
            case .tampered: "an encrypted value failed authentication"
            }
        }
    }

    /// `keys.first` is the current key.
    public init(keys: [DataKey], indexKey: [UInt8]) {
        precondition(!keys.isEmpty, "a cipher needs at least one key")
        currentKeyID = keys[0].id
        self.keys = Dictionary(keys.map { ($0.id, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        index = BlindIndex(key: indexKey)
    }

    /// The keyed hash a sealed value is looked up and kept unique by; the column name keeps
    /// hashes of one column apart from another's.
    public func lookupHash(_ value: String, column: SealedColumn) -> String {
        index.hash("\(column.rawValue)\u{1F}\(value)")
    }

    public func seal(_ plaintext: String, column: SealedColumn) -> String {
        let key = SymmetricKey(data: keys[currentKeyID]!)
        // Sealing only fails for an invalid key or nonce size, which the key type rules out.
        let box = try! AES.GCM.seal(Data(plaintext.utf8), using: key, authenticating: Data(column.rawValue.utf8))
        return Self.prefix + currentKeyID + ":" + box.combined!.base64EncodedString()
    }

    /// The plaintext of a stored value. A value without the `enc1:` prefix was written before
    /// encryption existed and is returned as it is; `prakerja keys rotate` encrypts such values.
    public func open(_ stored: String, column: SealedColumn) throws -> String {
        guard stored.hasPrefix(Self.prefix) else { return stored }
        let rest = stored.dropFirst(Self.prefix.count)
        guard let colon = rest.firstIndex(of: ":") else { throw Failure.malformed }
        let id = String(rest[..<colon])
        guard let key = keys[id] else { throw Failure.unknownKey(id) }
        guard let combined = Data(base64Encoded: String(rest[rest.index(after: colon)...])),
            let box = try? AES.GCM.SealedBox(combined: combined)
        else { throw Failure.malformed }
        guard
            let plaintext = try? AES.GCM.open(
                box, using: SymmetricKey(data: key), authenticating: Data(column.rawValue.utf8)),
            let text = String(data: plaintext, encoding: .utf8)
        else { throw Failure.tampered }
        return text
    }

    /// Whether a stored value is already sealed under the current key.
    public func isCurrent(_ stored: String) -> Bool {
        stored.hasPrefix(Self.prefix + currentKeyID + ":")
    }

    /// The key id a stored value names, or nil for a value in clear.
    public static func keyID(of stored: String) -> String? {
        guard stored.hasPrefix(prefix) else { return nil }
        return String(stored.dropFirst(prefix.count).prefix(while: { $0 != ":" }))
    }

    /// `LIKE` pattern matching values sealed under the current key.
    var currentPattern: String { Self.prefix + currentKeyID + ":%" }
}

/// Every column that holds personal data, named as `table.column`. The name is authenticated
/// with the ciphertext.
public enum SealedColumn: String, Sendable, CaseIterable {
    case profileDetails = "profiles.details"
    case phoneNumber = "phone_verifications.phone"
    case registryRecord = "registry_records.record"
    case outboxPayload = "outbox.payload"
    case smsRecipient = "dev_sms.recipient"
    case smsBody = "dev_sms.body"
    case operatorTOTPSecret = "operators.totp_secret"
    case accountEmail = "accounts.email"
    case mailRecipient = "dev_mailbox.recipient"
    case mailSubject = "dev_mailbox.subject"
    case mailText = "dev_mailbox.text_body"
    case mailHTML = "dev_mailbox.html_body"
    /// A wave's secret draw seed, until the draw publishes it.
    case waveSeed = "waves.seed"
    /// A partner's API signing key (needed in clear to check an HMAC, so sealed, not hashed).
    case partnerKeySecret = "partner_keys.secret"

    var table: String { String(rawValue.prefix(while: { $0 != "." })) }

    /// Where the sealed value is stored. The name authenticated with it stays as first written,
    /// so values sealed before a column moved still open.
    var column: String {
        switch self {
        case .accountEmail: "email_sealed"
        default: String(rawValue.drop(while: { $0 != "." }).dropFirst())
        }
    }

    /// The column that identifies a row, for re-encrypting one row at a time.
    var rowKey: String {
        switch self {
        case .profileDetails, .phoneNumber: "account_id"
        case .registryRecord: "nik_hash"
        case .outboxPayload, .smsRecipient, .smsBody, .operatorTOTPSecret, .accountEmail, .mailRecipient,
            .mailSubject, .mailText, .mailHTML, .waveSeed, .partnerKeySecret:
            "id"
        }
    }

    /// Whether `rowKey` is a number the database assigns (otherwise text).
    var rowKeyIsInteger: Bool {
        switch self {
        case .outboxPayload, .smsRecipient, .smsBody, .mailRecipient, .mailSubject, .mailText, .mailHTML: true
        case .profileDetails, .phoneNumber, .registryRecord, .operatorTOTPSecret, .accountEmail, .waveSeed,
            .partnerKeySecret:
            false
        }
    }
}
