import Domain
import Foundation
import Storage

extension WaveService {
    /// The draw, after the close and once the public value is in, in one transaction:
    /// re-check the entries (earlier recipients, decisions no longer eligible, the wave's scheme
    /// applied again on the closing date with the lists as they are now), freeze the rest
    /// in joining order, draw (`SelectionDraw`), record every outcome, issue each selected
    /// person a card with the scheme's balance moved from the programme budget, email every
    /// entry its result (and text the selected), and publish the selection file. Nothing is written when any step
    /// fails, a budget too small to pay every balance included.
    @discardableResult
    public func draw(number: Int, as principal: OperatorPrincipal) async throws -> SelectionFile {
        let actor = try await operators.authorize(principal, .runProgramme, action: "wave.draw")
        let now = clock.now()
        let audit = self.audit
        return try await database.transaction { connection in
            let waves = WaveStore(connection)
            guard let wave = try await waves.find(number: number) else { throw Failure.unknownWave }
            switch wave.phase(at: now) {
            case .drawn: throw Failure.alreadyDrawn
            case .scheduled, .open: throw Failure.notClosed
            case .closed: break
            }
            guard let publicValue = wave.publicValue else { throw Failure.noPublicValue }
            guard
                let scheme = try await SchemeStore(connection).find(code: wave.schemeCode, version: wave.schemeVersion),
                let seed = try await waves.seed(waveID: wave.id)
            else { throw Failure.unknownScheme }

            // Re-check, then freeze.
            let cards = CardStore(connection)
            var removed: [String: Int] = [:]
            var outcomes: [WaveEntryRecord] = []
            var frozen: [WaveEntryRecord] = []
            var kkHashes: [String: String] = [:]
            let assessor = EligibilityAssessor(scheme: scheme, index: index)
            let closing = CalendarDate.inJakarta(wave.closesAt)
            for var entry in try await waves.entries(waveID: wave.id) {
                var reason: String?
                if try await cards.find(accountID: entry.accountID) != nil {
                    reason = "earlier_recipient"
                } else if try await EligibilityStore(connection).latest(accountID: entry.accountID)?.isEligible != true
                {
                    reason = "not_eligible"
                } else if let profile = try await Self.profile(accountID: entry.accountID, in: connection) {
                    let decision = try await assessor.recheck(
                        profile: profile, scheme: scheme, on: closing, in: connection)
                    reason = decision.reasons.first.map(Self.recheckReason)
                } else {
                    reason = "not_eligible"
                }
                if let reason {
                    removed[reason, default: 0] += 1
                    entry.outcome = "removed"
                    entry.removedReason = reason
                    outcomes.append(entry)
                    continue
                }
                frozen.append(entry)
                kkHashes[entry.household] = try await ProfileStore(connection).familyCardHash(
                    accountID: entry.accountID)
            }
            let earlier = try await cards.recipients(kkHashes: Array(Set(kkHashes.values)))
            var prior: [String: Int] = [:]
            for (household, kk) in kkHashes where earlier[kk, default: 0] > 0 { prior[household] = earlier[kk] }

            let file = SelectionFile(
                wave: wave.id, seed: DrawSeed(platformSeed: seed, publicValue: publicValue),
                publicSource: wave.publicSource,
                entries: frozen.map {
                    DrawEntry(id: $0.id, group: $0.group, priority: $0.priority, household: $0.household)
                },
                quota: QuotaTable(total: wave.totalQuota, reserved: wave.reservedQuota, groups: wave.groupQuotas),
                familyCardCap: scheme.familyCardCap, priorRecipients: prior, removedAtRecheck: removed)

            // Outcomes, cards and balances.
            let budget = Self.budgetAccount(scheme)
            let ledger = LedgerStore(connection)
            var grants: [LedgerTransfer] = []
            let deadline = now.addingTimeInterval(TimeInterval(scheme.purchaseDeadlineDays) * 86_400)
            for (index, result) in file.entries.enumerated() {
                var entry = frozen[index]
                entry.outcome = result.outcome.rawValue
                entry.rank = result.rank
                entry.reservedRank = result.reservedRank
                outcomes.append(entry)
                guard result.outcome.isSelected else { continue }
                if try await AccountStore(connection).advanceStage(
                    id: entry.accountID, from: .joinedWave, to: .selected)
                {
                    try await FunnelCounterStore(connection).increment(.selected)
                }
                let balance = LedgerService.accountID(.trainingBalance, owner: entry.accountID)
                try await ledger.open(
                    LedgerAccount(
                        id: balance, kind: .trainingBalance, owner: entry.accountID,
                        rule: LedgerAccount.rule(for: .trainingBalance)), now: now)
                var issued = CardStore.Inserted.numberTaken
                while issued == .numberTaken {
                    let body = (0..<11).map { _ in String(Int.random(in: 0...9)) }.joined()
                    issued = try await cards.insert(
                        CardRecord(
                            number: CardNumber(body: body), accountID: entry.accountID, waveID: wave.id,
                            kkHash: kkHashes[entry.household] ?? "", ledgerAccount: balance, issuedAt: now,
                            purchaseDeadlineAt: deadline))
                }
                grants.append(
                    LedgerTransfer(
                        id: "grant:\(wave.id):\(entry.accountID)", debitAccount: budget, creditAccount: balance,
                        amount: scheme.trainingBalance, code: "training_grant", scheme: scheme.versionName))
            }
            try await waves.record(outcomes: outcomes)
            do {
                try await LedgerService.transfer(grants, now: now, in: connection)
            } catch LedgerRefusal.exceedsCredits, LedgerRefusal.accountNotFound {
                throw Failure.budgetShort
            }

            // Announcements: every entry hears its result by email, the selected also by SMS.
            var mails: [String] = []
            var messages: [String] = []
            for entry in outcomes {
                guard let account = try await AccountStore(connection).find(id: entry.accountID) else { continue }
                let selected = DrawOutcome(rawValue: entry.outcome ?? "")?.isSelected == true
                if selected, let phone = try await PhoneVerificationStore(connection).find(accountID: entry.accountID),
                    phone.isVerified
                {
                    messages.append(
                        try SMSRequest(
                            to: phone.phone, locale: account.locale, subject: account.id, nonce: "",
                            textKey: "sms.wave_selected", values: ["wave": String(wave.number)]
                        ).encoded())
                }
                mails.append(
                    try EmailRequest(
                        template: .waveResult, to: account.email, locale: account.locale, subject: account.id,
                        nonce: "",
                        values: ["wave": String(wave.number), "outcome": selected ? "selected" : "not_selected"]
                    ).encoded())
            }
            try await OutboxStore(connection).enqueue(kind: EmailRequest.outboxKind, payloads: mails, now: now)
            try await OutboxStore(connection).enqueue(kind: SMSRequest.outboxKind, payloads: messages, now: now)

            let published = String(decoding: try file.encoded(), as: UTF8.self)
            guard try await waves.markDrawn(waveID: wave.id, selection: published, at: now) else {
                throw Failure.alreadyDrawn
            }
            try await audit.append(
                .selectionDrawn, actor: actor, subject: wave.id,
                details: [
                    "entries": String(frozen.count), "selected": String(grants.count),
                    "entry_list_hash": file.entryListHash,
                ], now: now, in: connection)
            return file
        }
    }

    /// The published selection file of a drawn wave, as JSON.
    /// What the selection file says of an entry the re-check at the close removed.
    static func recheckReason(_ reason: IneligibilityReason) -> String {
        switch reason {
        case .listedExcludedGroup, .socialAidRecipient, .previousRecipient, .blacklisted: "excluded_list"
        case .tooYoung, .tooOld: "age"
        default: "not_eligible"
        }
    }

    static func profile(accountID: String, in connection: StorageConnection) async throws -> Profile? {
        guard let record = try await ProfileStore(connection).find(accountID: accountID) else { return nil }
        return try JSONDecoder().decode(Profile.self, from: Data(record.details.utf8))
    }

    public func selectionFile(number: Int) async throws -> String? {
        try await database.read { connection in
            guard let wave = try await WaveStore(connection).find(number: number) else { return nil }
            return try await WaveStore(connection).selection(waveID: wave.id)
        }
    }
}
