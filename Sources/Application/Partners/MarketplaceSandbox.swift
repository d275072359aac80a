import Domain
import Foundation
import Storage

/// The partner sandbox of the embedded default: a demo platform and a demo provider, approved,
/// with signing keys a developer reads on `/dev/partners`, and a few approved courses that
/// always have a schedule ahead. Development only.
public struct MarketplaceSandbox: Sendable {
    let database: any DatabaseClient
    let clock: any AppClock

    public static let platformCode = "demo-platform"
    public static let providerCode = "demo-provider"

    public init(database: any DatabaseClient, clock: any AppClock) {
        self.database = database
        self.clock = clock
    }

    /// A demo partner and its current signing key.
    public struct Credentials: Sendable, Equatable {
        public var partner: Partner
        public var signingKey: String
    }

    static let courses: [(reference: String, details: CourseDetails)] = [
        (
            "DEMO-DM-01",
            CourseDetails(
                title: "Pemasaran Digital untuk UMKM", titleEnglish: "Digital Marketing for Small Businesses",
                category: "digital_marketing",
                description: "Belajar membuat akun usaha, foto produk, dan iklan berbayar di media sosial.",
                descriptionEnglish: "Set up a business account, photograph products and run paid social media ads.",
                outcomes: ["Membuat iklan pertama", "Membaca laporan iklan"], price: Rupiah(750_000), hours: 12,
                mode: .online)
        ),
        (
            "DEMO-EN-01",
            CourseDetails(
                title: "Bahasa Inggris untuk Pelayanan Hotel", titleEnglish: "English for Hotel Service",
                category: "hospitality", description: "Percakapan dasar di resepsionis, restoran dan layanan kamar.",
                descriptionEnglish: "Everyday conversation at reception, in the restaurant and for room service.",
                outcomes: ["Menyambut tamu dalam bahasa Inggris"], price: Rupiah(1_000_000), hours: 16, mode: .webinar,
                minimumEducation: .seniorHigh)
        ),
        (
            "DEMO-KL-01",
            CourseDetails(
                title: "Memasak Kue Kering untuk Dijual", titleEnglish: "Baking Cookies to Sell",
                category: "culinary", description: "Resep, takaran, pengemasan dan perhitungan harga jual.",
                descriptionEnglish: "Recipes, measures, packaging and working out a selling price.",
                outcomes: ["Menghitung harga pokok produksi"], price: Rupiah(600_000), hours: 10, mode: .offline,
                provinceCode: "32")
        ),
        (
            "DEMO-IT-01",
            CourseDetails(
                title: "Dasar Pemrograman Web", titleEnglish: "Web Programming Basics", category: "technology",
                description: "HTML, CSS dan sedikit JavaScript untuk membuat halaman usaha.",
                descriptionEnglish: "HTML, CSS and a little JavaScript to build a business page.",
                outcomes: ["Menerbitkan halaman web pertama"], price: Rupiah(1_500_000), hours: 24, mode: .hybrid,
                minimumAge: 18, maximumAge: 45, provinceCode: "31")
        ),
    ]

    /// Creates the demo partners and courses unless they exist, and gives every demo course a
    /// schedule that starts at least a day ahead.
    public func load() async throws {
        let now = clock.now()
        try await database.transaction { connection in
            let partners = PartnerStore(connection)
            var ids: [String: String] = [:]
            for (code, kind, name) in [
                (Self.platformCode, Partner.Kind.platform, "Pintar Kerja (demo)"),
                (Self.providerCode, Partner.Kind.provider, "Lembaga Latih Nusantara (demo)"),
            ] {
                if let existing = try await partners.find(clientCode: code) {
                    ids[code] = existing.id
                    continue
                }
                let partner = Partner(
                    id: RandomTokens.timeOrderedID(now: now), kind: kind, name: name, legalName: "PT \(name)",
                    contactEmail: "\(code)@contoh.co.id", documents: ["sandbox"], status: .approved,
                    clientCode: code)
                try await partners.insert(partner, now: now)
                try await partners.addKey(
                    id: RandomTokens.timeOrderedID(now: now), partnerID: partner.id,
                    secret: ByteEncoding.hex(SecureRandom.bytes(32)), retireOthersAt: now, now: now)
                ids[code] = partner.id
            }
            guard let platformID = ids[Self.platformCode], let providerID = ids[Self.providerCode] else { return }
            let courses = CourseStore(connection)
            for (reference, details) in Self.courses {
                var course = try await courses.find(platformID: platformID, reference: reference)
                if course == nil {
                    let new = Course(
                        id: RandomTokens.timeOrderedID(now: now), platformID: platformID, providerID: providerID,
                        reference: reference, details: details, status: .approved)
                    try await courses.insert(new, now: now)
                    course = new
                }
                guard let course else { continue }
                let ahead = try await courses.schedules(courseID: course.id).contains {
                    $0.startsAt > now.addingTimeInterval(86_400)
                }
                if !ahead {
                    try await courses.insert(
                        CourseSchedule(
                            id: RandomTokens.timeOrderedID(now: now), courseID: course.id,
                            startsAt: now.addingTimeInterval(7 * 86_400), endsAt: now.addingTimeInterval(37 * 86_400),
                            seats: 1_000))
                }
            }
        }
    }

    /// The demo partners with their current signing keys.
    public func credentials() async throws -> [Credentials] {
        let now = clock.now()
        return try await database.read { connection in
            let partners = PartnerStore(connection)
            var credentials: [Credentials] = []
            for code in [Self.platformCode, Self.providerCode] {
                guard let partner = try await partners.find(clientCode: code),
                    let key = try await partners.activeKeys(partnerID: partner.id, now: now).first
                else { continue }
                credentials.append(Credentials(partner: partner, signingKey: key.secret))
            }
            return credentials
        }
    }
}
