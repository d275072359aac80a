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
    /// `phases` hears the name of each phase as it ends (for the benchmark's timings).
    @discardableResult
    public func draw(
        number: Int, as principal: OperatorPrincipal, phases: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> SelectionFile {
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
            let rows = try await waves.recheckRows(waveID: wave.id)
            let listed = try await ListStore(connection).kinds(containingAny: rows.compactMap(\.nikHash))
            // Opening and decoding the profiles is most of the re-check's time: on every core.
            let cipher = connection.cipher
            let reasons = try await ConcurrentMap.map(rows) { row -> String? in
                if row.holdsCard { return "earlier_recipient" }
                guard row.eligible == true, let sealed = row.sealedDetails,
                    let profile = try? JSONDecoder().decode(
                        Profile.self, from: Data(cipher.open(sealed, column: .profileDetails).utf8))
                else { return "not_eligible" }
                let decision = assessor.recheck(
                    profile: profile, lists: listed[row.nikHash ?? ""] ?? [], scheme: scheme, on: closing)
                return decision.reasons.first.map(Self.recheckReason)
            }
            for (row, reason) in zip(rows, reasons) {
                var entry = row.entry
                if let reason {
                    removed[reason, default: 0] += 1
                    entry.outcome = "removed"
                    entry.removedReason = reason
                    outcomes.append(entry)
                    continue
                }
                frozen.append(entry)
                kkHashes[entry.household] = row.kkHash
            }
            phases("re-check and freeze")
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

            phases("draw")

            // Outcomes, cards and balances.
            let budget = Self.budgetAccount(scheme)
            let ledger = LedgerStore(connection)
            var grants: [LedgerTransfer] = []
            let deadline = now.addingTimeInterval(TimeInterval(scheme.purchaseDeadlineDays) * 86_400)
            var issuing: [CardRecord] = []
            for (index, result) in file.entries.enumerated() {
                var entry = frozen[index]
                entry.outcome = result.outcome.rawValue
                entry.rank = result.rank
                entry.reservedRank = result.reservedRank
                outcomes.append(entry)
                guard result.outcome.isSelected else { continue }
                let balance = LedgerService.accountID(.trainingBalance, owner: entry.accountID)
                issuing.append(
                    CardRecord(
                        number: Self.randomCardNumber(), accountID: entry.accountID, waveID: wave.id,
                        kkHash: kkHashes[entry.household] ?? "", ledgerAccount: balance, issuedAt: now,
                        purchaseDeadlineAt: deadline))
                grants.append(
                    LedgerTransfer(
                        id: "grant:\(wave.id):\(entry.accountID)", debitAccount: budget, creditAccount: balance,
                        amount: scheme.trainingBalance, code: "training_grant", scheme: scheme.versionName))
            }
            let selectedAccounts = issuing.map(\.accountID)
            let advanced = try await AccountStore(connection).advanceStage(
                ids: selectedAccounts, from: .joinedWave, to: .selected)
            try await FunnelCounterStore(connection).increment(.selected, by: advanced)
            try await ledger.open(
                selectedAccounts.map {
                    LedgerAccount(
                        id: LedgerService.accountID(.trainingBalance, owner: $0), kind: .trainingBalance, owner: $0,
                        rule: LedgerAccount.rule(for: .trainingBalance))
                }, now: now)
            // A number already taken (one in 10^11 per card) is drawn again for its card alone.
            while !issuing.isEmpty {
                let issued = try await cards.insert(issuing)
                issuing = issuing.filter { !issued.contains($0.number.digits) }
                for card in issuing where try await cards.find(accountID: card.accountID) != nil {
                    throw Failure.alreadyRecipient
                }
                issuing = issuing.map {
                    var card = $0
                    card.number = Self.randomCardNumber()
                    return card
                }
            }
            phases("cards and stages")
            try await waves.record(outcomes: outcomes)
            phases("outcomes")
            do {
                try await LedgerService.transfer(grants, now: now, in: connection)
            } catch LedgerRefusal.exceedsCredits, LedgerRefusal.accountNotFound {
                throw Failure.budgetShort
            }

            phases("balances")

            // Announcements: every entry hears its result by email, the selected also by SMS.
            // Encoding and sealing a message per entry is CPU work: on every core.
            let phones = try await PhoneVerificationStore(connection).verifiedPhones(ofEntrantsIn: wave.id)
            var accounts: [String: AccountRecord] = [:]
            for account in try await AccountStore(connection).entrants(waveID: wave.id) {
                accounts[account.id] = account
            }
            let announced = outcomes.compactMap { entry in
                accounts[entry.accountID].map {
                    (account: $0, selected: DrawOutcome(rawValue: entry.outcome ?? "")?.isSelected == true)
                }
            }
            let number = String(wave.number)
            let mails = try await ConcurrentMap.map(announced) { account, selected in
                OutboxStore.SealedPayload(
                    try EmailRequest(
                        template: .waveResult, to: account.email, locale: account.locale, subject: account.id,
                        nonce: "", values: ["wave": number, "outcome": selected ? "selected" : "not_selected"]
                    ).encoded(), cipher: cipher)
            }
            let texts = announced.compactMap { item in
                item.selected ? phones[item.account.id].map { (account: item.account, phone: $0) } : nil
            }
            let messages = try await ConcurrentMap.map(texts) { account, phone in
                OutboxStore.SealedPayload(
                    try SMSRequest(
                        to: phone, locale: account.locale, subject: account.id, nonce: "",
                        textKey: "sms.wave_selected", values: ["wave": number]
                    ).encoded(), cipher: cipher)
            }
            try await OutboxStore(connection).enqueue(kind: EmailRequest.outboxKind, sealed: mails, now: now)
            try await OutboxStore(connection).enqueue(kind: SMSRequest.outboxKind, sealed: messages, now: now)
            phases("announcements")

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

    /// What the selection file says of an entry the re-check at the close removed.
    static func recheckReason(_ reason: IneligibilityReason) -> String {
        switch reason {
        case .listedExcludedGroup, .socialAidRecipient, .previousRecipient, .blacklisted: "excluded_list"
        case .tooYoung, .tooOld: "age"
        default: "not_eligible"
        }
    }

    /// A card number with a random body (the prefix and the check digit are fixed by them).
    static func randomCardNumber() -> CardNumber {
        CardNumber(body: (0..<11).map { _ in String(Int.random(in: 0...9)) }.joined())
    }

    /// The published selection file of a drawn wave, as JSON.
    public func selectionFile(number: Int) async throws -> String? {
        try await database.read { connection in
            guard let wave = try await WaveStore(connection).find(number: number) else { return nil }
            return try await WaveStore(connection).selection(waveID: wave.id)
        }
    }
}
