/// A movement of money between two accounts: immutable once written. Its `id`, chosen by the
/// caller, is its idempotency key: the same id with the same fields again is "already done";
/// with different fields, a conflict. Corrections are new transfers.
public struct LedgerTransfer: Sendable, Hashable, Codable {
    /// Posted at once, reserved (two-phase, until posted or voided, or its timeout), or the
    /// second phase of a reserved one.
    public enum Phase: Sendable, Hashable, Codable {
        case posted
        /// Reserves the amount until `timeoutAt` (Unix seconds); after it, only a void resolves it.
        case pending(timeoutAt: Int64)
        /// Posts the reserved transfer `pendingID` (the whole amount).
        case postPending(pendingID: String)
        /// Releases the reserved transfer `pendingID`.
        case voidPending(pendingID: String)

        public var name: String {
            switch self {
            case .posted: "posted"
            case .pending: "pending"
            case .postPending: "post_pending"
            case .voidPending: "void_pending"
            }
        }
    }

    public var id: String
    public var debitAccount: String
    public var creditAccount: String
    public var amount: Rupiah
    public var phase: Phase
    /// Why: `budget_funding`, `training_grant`, `purchase`, `revocation` …
    public var code: String
    /// The scheme version the movement belongs to (`2023`), as every posting records it.
    public var scheme: String

    public init(
        id: String, debitAccount: String, creditAccount: String, amount: Rupiah, phase: Phase = .posted,
        code: String, scheme: String
    ) {
        self.id = id
        self.debitAccount = debitAccount
        self.creditAccount = creditAccount
        self.amount = amount
        self.phase = phase
        self.code = code
        self.scheme = scheme
    }
}

/// Why a transfer was refused; nothing of it was written.
public enum LedgerRefusal: Error, Sendable, Hashable {
    /// The id was used before for a transfer with other fields.
    case idempotencyConflict(id: String)
    case accountNotFound(String)
    case sameAccount
    case amountNotPositive
    /// The debit would take the account below what its rule allows.
    case exceedsCredits(account: String)
    case exceedsDebits(account: String)
    case pendingNotFound(String)
    /// The reserved transfer was already posted or voided.
    case pendingAlreadyResolved(String)
    /// Its timeout passed: it can only be voided.
    case pendingExpired(String)
    /// The second phase names other accounts than the reserved transfer.
    case pendingMismatch(String)

    public var code: String {
        switch self {
        case .idempotencyConflict: "idempotency_conflict"
        case .accountNotFound: "account_not_found"
        case .sameAccount: "same_account"
        case .amountNotPositive: "amount_not_positive"
        case .exceedsCredits: "exceeds_credits"
        case .exceedsDebits: "exceeds_debits"
        case .pendingNotFound: "pending_not_found"
        case .pendingAlreadyResolved: "pending_already_resolved"
        case .pendingExpired: "pending_expired"
        case .pendingMismatch: "pending_mismatch"
        }
    }
}
