import Testing

@testable import Domain

@Suite struct PasswordPolicyTests {
    let policy = PasswordPolicy(commonPasswords: ["password", "Bismillah", "12345678"])
    let email = try! EmailAddress("Budi.Santoso@contoh.co.id")

    @Test func acceptsAReasonablePassword() throws {
        try policy.check("kucing-hitam-9", email: email)
        try policy.check("12345678x", email: email)
    }

    @Test(arguments: [
        ("short", PasswordPolicy.Violation.tooShort),
        ("1234567", .tooShort),
        ("password", .tooCommon),
        ("PASSWORD", .tooCommon),
        ("bismillah", .tooCommon),
        ("Budi.Santoso@contoh.co.id", .sameAsEmail),
        ("budi.santoso@CONTOH.co.id", .sameAsEmail),
        ("budi.santoso", .sameAsEmail),
        (String(repeating: "x", count: 129), .tooLong),
    ])
    func refuses(password: String, violation: PasswordPolicy.Violation) {
        #expect(throws: violation) { try policy.check(password, email: email) }
    }

    @Test func countsCharactersNotBytes() throws {
        // Eight characters, more than eight bytes: long enough.
        try policy.check("kopi☕️teh🍵", email: email)
        #expect(throws: PasswordPolicy.Violation.tooShort) { try policy.check("☕️☕️☕️", email: email) }
    }
}
