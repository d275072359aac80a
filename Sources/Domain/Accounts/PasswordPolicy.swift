/// The rules a new password must meet. The list of common passwords is data that the caller
/// loads (the domain does no I/O).
public struct PasswordPolicy: Sendable {
    public static let minimumLength = 8
    public static let maximumLength = 128

    public enum Violation: Error, Equatable, Sendable {
        case tooShort
        case tooLong
        case sameAsEmail
        case tooCommon
        case sameAsUsername
    }

    /// Operators hold more power than applicants: a longer minimum.
    public static let operatorMinimumLength = 12

    private let commonPasswords: Set<String>

    public init(commonPasswords: Set<String>) {
        self.commonPasswords = Set(commonPasswords.map { $0.lowercased() })
    }

    public func check(_ password: String, email: EmailAddress) throws(Violation) {
        guard password.count >= Self.minimumLength else { throw .tooShort }
        // bcrypt reads at most 72 bytes; a hard cap also keeps hashing cost bounded.
        guard password.utf8.count <= Self.maximumLength else { throw .tooLong }
        let lowered = password.lowercased()
        let localPart = email.value[..<email.value.lastIndex(of: "@")!].lowercased()
        guard lowered != email.value.lowercased(), lowered != localPart else { throw .sameAsEmail }
        guard !commonPasswords.contains(lowered) else { throw .tooCommon }
    }

    public func check(operatorPassword password: String, username: String) throws(Violation) {
        guard password.count >= Self.operatorMinimumLength else { throw .tooShort }
        guard password.utf8.count <= Self.maximumLength else { throw .tooLong }
        guard !password.lowercased().contains(username.lowercased()) else { throw .sameAsUsername }
        guard !commonPasswords.contains(password.lowercased()) else { throw .tooCommon }
    }
}
