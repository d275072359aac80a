extension EmailAddress {
    /// `b***@contoh.co.id`: the first character and the domain, enough to confirm an address
    /// with its owner, not to copy it.
    public static func masked(_ email: String) -> String {
        guard let at = email.lastIndex(of: "@"), at > email.startIndex else { return "***" }
        return String(email[email.startIndex]) + "***" + String(email[at...])
    }
}
