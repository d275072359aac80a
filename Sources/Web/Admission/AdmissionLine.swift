/// Which line a request waits in when the platform is full, named on the waiting page so a
/// person knows what they wait for. People who already have an account do not wait behind new
/// registrations: signing in, email verification and account recovery wait in no line (each is
/// bounded by its own rate limits, and bcrypt time is not read as load), nor does the help page
/// that explains the line; nor do the region tables the identity form's script reads (reference
/// data from memory, cached by the browser for a day), nor the proof-of-work seed (one HMAC,
/// cacheable: a person in line needs it to register once let in, and a client whose solution
/// fell short fetches it again; queued, those fetches would join the line themselves). Everything else a visitor without a session asks for (the landing
/// page, statistics, the catalogue) shares one line with registrations, because it shares the
/// same capacity; only the wording differs.
enum AdmissionLine: String, Sendable, CaseIterable {
    case registration
    case site

    static let accountHolderPaths: Set<String> = [
        "/masuk", "/masuk/kode", "/lupa-sandi", "/lupa-sandi/baru", "/verifikasi", "/verifikasi/kirim-ulang",
        "/bantuan", "/api/v1/sessions", "/api/v1/sessions/verify", "/api/v1/password-resets",
        "/api/v1/password-resets/complete", "/api/v1/accounts/verify", "/api/v1/accounts/resend",
    ]

    static let registrationPaths: Set<String> = ["/daftar", "/daftar/tunggu", "/api/v1/accounts", "/api/v1/challenges"]

    /// Nil when the request waits in no line.
    init?(path: String) {
        let path = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        if Self.accountHolderPaths.contains(path) || path == "/api/v1/regions" || path.hasPrefix("/api/v1/regions/")
            || path == "/api/v1/challenges/seed"
        {
            return nil
        }
        self = Self.registrationPaths.contains(path) ? .registration : .site
    }
}
