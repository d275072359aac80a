import Domain

/// The rate limits on every request that sends a message or checks a secret, per client
/// address and per identifier. Defaults suit one national service: addresses are generous,
/// because whole mobile networks share one behind carrier NAT; identifiers are strict.
public struct RateLimits: Sendable, Equatable {
    /// Registrations and resends (each sends an email) per client address.
    public var emailsPerAddress = RateLimitRule(name: "emails_per_address", limit: 1000, window: 60)
    /// Registrations and resends per email address, whether or not it has an account: the
    /// first email and five resends per two hours, as the code policy allows a pending account,
    /// so the answer is the same for addresses with and without one.
    public var emailsPerEmail = RateLimitRule(name: "emails_per_email", limit: 6, window: 7200)
    /// Password and code checks per client address.
    public var secretChecksPerAddress = RateLimitRule(name: "secret_checks_per_address", limit: 30, window: 60)
    /// Password and code checks per email address.
    public var secretChecksPerEmail = RateLimitRule(name: "secret_checks_per_email", limit: 10, window: 900)
    /// Wrong passwords per email address before sign-in stops saying whether a password was
    /// right (for devices that have not signed in to the account before), and the owner is told.
    public var loginFailuresPerEmail = RateLimitRule(name: "login_failures_per_email", limit: 5, window: 900)
    /// Password and TOTP checks per operator username.
    public var secretChecksPerOperator = RateLimitRule(name: "secret_checks_per_operator", limit: 10, window: 900)
    /// SMS codes requested per client address.
    public var smsPerAddress = RateLimitRule(name: "sms_per_address", limit: 60, window: 3600)
    /// SMS codes sent to one phone number.
    public var smsPerPhone = RateLimitRule(name: "sms_per_phone", limit: 6, window: 3600)
    /// Identity submissions per client address.
    public var identityPerAddress = RateLimitRule(name: "identity_per_address", limit: 60, window: 3600)
    /// Attempts to submit one NIK (each checks it against the registry and the claims).
    public var identityPerNIK = RateLimitRule(name: "identity_per_nik", limit: 5, window: 86_400)
    /// Purchase OTPs sent for one card (each start of a payment sends one).
    public var purchaseOTPsPerCard = RateLimitRule(name: "purchase_otps_per_card", limit: 10, window: 3600)
    /// Purchase OTPs one platform may have sent: a ceiling against a platform (or its stolen
    /// keys) flooding participants' phones.
    public var purchaseOTPsPerPartner = RateLimitRule(
        name: "purchase_otps_per_partner", limit: 200_000, window: 60)

    public init() {}

    /// Every rule with the setting that overrides it (`PRAKERJA_LIMIT_…`).
    public static var settings: [(variable: String, rule: WritableKeyPath<RateLimits, RateLimitRule>)] {
        [
            ("PRAKERJA_LIMIT_EMAILS_PER_ADDRESS", \.emailsPerAddress),
            ("PRAKERJA_LIMIT_EMAILS_PER_EMAIL", \.emailsPerEmail),
            ("PRAKERJA_LIMIT_SECRET_CHECKS_PER_ADDRESS", \.secretChecksPerAddress),
            ("PRAKERJA_LIMIT_SECRET_CHECKS_PER_EMAIL", \.secretChecksPerEmail),
            ("PRAKERJA_LIMIT_SECRET_CHECKS_PER_OPERATOR", \.secretChecksPerOperator),
            ("PRAKERJA_LIMIT_LOGIN_FAILURES_PER_EMAIL", \.loginFailuresPerEmail),
            ("PRAKERJA_LIMIT_SMS_PER_ADDRESS", \.smsPerAddress),
            ("PRAKERJA_LIMIT_SMS_PER_PHONE", \.smsPerPhone),
            ("PRAKERJA_LIMIT_IDENTITY_PER_ADDRESS", \.identityPerAddress),
            ("PRAKERJA_LIMIT_IDENTITY_PER_NIK", \.identityPerNIK),
            ("PRAKERJA_LIMIT_PURCHASE_OTPS_PER_CARD", \.purchaseOTPsPerCard),
            ("PRAKERJA_LIMIT_PURCHASE_OTPS_PER_PARTNER", \.purchaseOTPsPerPartner),
        ]
    }
}
