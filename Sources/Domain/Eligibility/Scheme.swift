/// The programme's rules for a period, as data: what a recipient gets and who may take part.
/// Changing the rules means a new scheme version, never an edit of a used one.
public struct Scheme: Sendable, Hashable, Codable {
    public let code: String
    public let version: Int
    public let trainingBalance: Rupiah
    public let incentiveAmount: Rupiah
    public let incentiveCount: Int
    public let surveyIncentiveAmount: Rupiah
    public let surveyIncentiveCount: Int
    /// Days after selection to buy the first training before the card is revoked.
    public let purchaseDeadlineDays: Int
    public let minimumAge: Int
    public let maximumAge: Int?
    public let excludesSocialAidRecipients: Bool
    /// Most recipients allowed on one family card (KK); nil for no cap.
    public let familyCardCap: Int?
    /// Whether citizens abroad with an NIT (prefix 99) may take part.
    public let admitsNIT: Bool
    /// The basic test: questions per sitting, minutes per sitting, the pass mark (percent of
    /// the points), and days before someone who did not pass may sit again.
    public let test: TestRules

    public struct TestRules: Sendable, Hashable, Codable {
        public let questions: Int
        public let minutes: Int
        public let passMarkPercent: Int
        public let retakeAfterDays: Int

        public init(questions: Int = 18, minutes: Int = 25, passMarkPercent: Int = 60, retakeAfterDays: Int = 7) {
            self.questions = questions
            self.minutes = minutes
            self.passMarkPercent = passMarkPercent
            self.retakeAfterDays = retakeAfterDays
        }

        enum CodingKeys: String, CodingKey {
            case questions, minutes
            case passMarkPercent = "pass_mark_percent"
            case retakeAfterDays = "retake_after_days"
        }
    }

    enum CodingKeys: String, CodingKey {
        case code, version, test
        case trainingBalance = "training_balance"
        case incentiveAmount = "incentive_amount"
        case incentiveCount = "incentive_count"
        case surveyIncentiveAmount = "survey_incentive_amount"
        case surveyIncentiveCount = "survey_incentive_count"
        case purchaseDeadlineDays = "purchase_deadline_days"
        case minimumAge = "minimum_age"
        case maximumAge = "maximum_age"
        case excludesSocialAidRecipients = "excludes_social_aid_recipients"
        case familyCardCap = "family_card_cap"
        case admitsNIT = "admits_nit"
    }

    /// "2023 v1": how a scheme version is named in decisions, postings and files.
    public var versionName: String { "\(code) v\(version)" }

    public init(
        code: String, version: Int, trainingBalance: Rupiah, incentiveAmount: Rupiah, incentiveCount: Int,
        surveyIncentiveAmount: Rupiah, surveyIncentiveCount: Int, purchaseDeadlineDays: Int, minimumAge: Int,
        maximumAge: Int?, excludesSocialAidRecipients: Bool, familyCardCap: Int?, admitsNIT: Bool,
        test: TestRules = TestRules()
    ) {
        self.test = test
        self.code = code
        self.version = version
        self.trainingBalance = trainingBalance
        self.incentiveAmount = incentiveAmount
        self.incentiveCount = incentiveCount
        self.surveyIncentiveAmount = surveyIncentiveAmount
        self.surveyIncentiveCount = surveyIncentiveCount
        self.purchaseDeadlineDays = purchaseDeadlineDays
        self.minimumAge = minimumAge
        self.maximumAge = maximumAge
        self.excludesSocialAidRecipients = excludesSocialAidRecipients
        self.familyCardCap = familyCardCap
        self.admitsNIT = admitsNIT
    }

    /// Everything one recipient can receive: balance, incentives and survey incentives.
    public var totalBenefit: Rupiah {
        trainingBalance + incentiveAmount * incentiveCount + surveyIncentiveAmount * surveyIncentiveCount
    }

    /// Every scheme version the platform knows, to explain decisions recorded under any of them.
    public static let all: [Scheme] = [.y2020, .y2023]

    public static func find(code: String, version: Int) -> Scheme? {
        all.first { $0.code == code && $0.version == version }
    }

    /// The 2020 scheme (DESIGN.md): Rp1,000,000 balance, Rp600,000 × 4, Rp50,000 × 3, 30 days,
    /// age 18+, at most 2 recipients per family card. The social-aid and NIT settings are this
    /// platform's defaults, for operators to change.
    public static let y2020 = Scheme(
        code: "2020", version: 1, trainingBalance: Rupiah(1_000_000), incentiveAmount: Rupiah(600_000),
        incentiveCount: 4, surveyIncentiveAmount: Rupiah(50_000), surveyIncentiveCount: 3, purchaseDeadlineDays: 30,
        minimumAge: 18, maximumAge: nil, excludesSocialAidRecipients: false, familyCardCap: 2, admitsNIT: false)

    /// The 2023 scheme (DESIGN.md): Rp3,500,000, Rp600,000 × 1, Rp50,000 × 2, 15 days, age 18–64.
    public static let y2023 = Scheme(
        code: "2023", version: 1, trainingBalance: Rupiah(3_500_000), incentiveAmount: Rupiah(600_000),
        incentiveCount: 1, surveyIncentiveAmount: Rupiah(50_000), surveyIncentiveCount: 2, purchaseDeadlineDays: 15,
        minimumAge: 18, maximumAge: 64, excludesSocialAidRecipients: true, familyCardCap: 2, admitsNIT: false)
}
