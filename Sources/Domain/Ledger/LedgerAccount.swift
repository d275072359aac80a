/// An account of the double-entry ledger: what it is for, whose it is, and the rule its
/// balance keeps. Balances are four running sums, as in TigerBeetle: debits and credits,
/// posted and pending (reserved by a two-phase transfer not yet posted or voided).
public struct LedgerAccount: Sendable, Hashable, Codable {
    /// What the account holds.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The state treasury (RKUN): where programme money comes from and returns to.
        case treasury
        /// The programme's budget for a scheme: funded from the treasury, spent on grants.
        case programmeBudget = "programme_budget"
        /// One participant's training balance on their card.
        case trainingBalance = "training_balance"
        /// What the programme owes a partner platform for trainings sold.
        case partnerPayable = "partner_payable"
        /// What has been paid out to a partner platform by settlements (money that left the
        /// programme for the partner's bank account).
        case partnerPaid = "partner_paid"
        /// One participant's incentives owed (later issue).
        case incentivePayable = "incentive_payable"
    }

    /// Which side may not outgrow the other.
    public enum Rule: String, Sendable, Codable {
        /// Anything goes (the treasury).
        case none
        /// Debits (posted and pending) never exceed posted credits: the balance never goes
        /// negative (budgets, training balances).
        case debitsMustNotExceedCredits = "debits_must_not_exceed_credits"
        /// Credits never exceed posted debits.
        case creditsMustNotExceedDebits = "credits_must_not_exceed_debits"
    }

    public var id: String
    public var kind: Kind
    /// The applicant account, partner or scheme it belongs to; empty for the treasury.
    public var owner: String
    public var rule: Rule

    public init(id: String, kind: Kind, owner: String, rule: Rule) {
        self.id = id
        self.kind = kind
        self.owner = owner
        self.rule = rule
    }

    /// The rule an account of `kind` keeps.
    public static func rule(for kind: Kind) -> Rule {
        switch kind {
        case .treasury, .partnerPaid: .none
        case .programmeBudget, .trainingBalance: .debitsMustNotExceedCredits
        case .partnerPayable, .incentivePayable: .debitsMustNotExceedCredits
        }
    }
}

/// An account's four sums, in rupiah.
public struct LedgerBalance: Sendable, Hashable, Codable {
    public var debitsPosted: Int64
    public var creditsPosted: Int64
    public var debitsPending: Int64
    public var creditsPending: Int64

    public init(debitsPosted: Int64 = 0, creditsPosted: Int64 = 0, debitsPending: Int64 = 0, creditsPending: Int64 = 0)
    {
        self.debitsPosted = debitsPosted
        self.creditsPosted = creditsPosted
        self.debitsPending = debitsPending
        self.creditsPending = creditsPending
    }

    /// What can still be spent from an account whose debits may not exceed its credits.
    public var available: Rupiah { Rupiah(creditsPosted - debitsPosted - debitsPending) }

    /// Whether these sums keep `rule`.
    public func keeps(_ rule: LedgerAccount.Rule) -> Bool {
        switch rule {
        case .none: true
        case .debitsMustNotExceedCredits: debitsPosted + debitsPending <= creditsPosted
        case .creditsMustNotExceedDebits: creditsPosted + creditsPending <= debitsPosted
        }
    }
}
