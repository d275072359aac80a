import Domain
import Foundation
import Testing

/// The dashboard's one next step for every state of the journey.
@Suite struct NextStepTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let hour: TimeInterval = 3600
    static let open = JourneyFacts.WaveTimes(number: 2, opensAt: now - hour, closesAt: now + 48 * hour)
    static let closed = JourneyFacts.WaveTimes(number: 1, opensAt: now - 200 * hour, closesAt: now - 2 * hour)
    static let scheduled = JourneyFacts.WaveTimes(number: 3, opensAt: now + 72 * hour, closesAt: now + 240 * hour)

    /// Verified, eligible, phone verified and passed: ready for a wave.
    static func ready(
        entry: (status: EntryStatus, wave: JourneyFacts.WaveTimes)? = nil, openWave: JourneyFacts.WaveTimes? = nil,
        scheduledWave: JourneyFacts.WaveTimes? = nil, card: JourneyFacts.Card? = nil,
        training: JourneyFacts.Training? = nil
    ) -> JourneyFacts {
        JourneyFacts(
            identity: .verified, eligibility: .eligible, phoneVerified: true, test: .passed, entry: entry,
            openWave: openWave, scheduledWave: scheduledWave, card: card, training: training, now: now)
    }

    static let cases: [(name: String, facts: JourneyFacts, expected: NextStep)] = [
        ("nothing submitted", JourneyFacts(now: now), .submitIdentity),
        ("the NIK check runs", JourneyFacts(identity: .pending, now: now), .awaitIdentityCheck),
        (
            "a pending check comes before a missing phone",
            JourneyFacts(identity: .pending, phoneVerified: false, openWave: open, now: now), .awaitIdentityCheck
        ),
        ("the registry did not match", JourneyFacts(identity: .rejected, now: now), .identityRejected),
        ("verified, not yet decided", JourneyFacts(identity: .verified, now: now), .awaitEligibility),
        (
            "ineligible people are not sent to verify their phone",
            JourneyFacts(identity: .verified, eligibility: .ineligible, phoneVerified: false, now: now), .ineligible
        ),
        (
            "eligible, phone to verify", JourneyFacts(identity: .verified, eligibility: .eligible, now: now),
            .verifyPhone
        ),
        (
            "the test comes next",
            JourneyFacts(identity: .verified, eligibility: .eligible, phoneVerified: true, openWave: open, now: now),
            .takeTest
        ),
        (
            "a sitting in progress",
            JourneyFacts(
                identity: .verified, eligibility: .eligible, phoneVerified: true,
                test: .inProgress(deadline: now + 600), now: now), .continueTest(deadline: now + 600)
        ),
        (
            "not passed, waiting period running",
            JourneyFacts(
                identity: .verified, eligibility: .eligible, phoneVerified: true,
                test: .notPassed(retakeAt: now + 86_400), now: now), .retakeTest(from: now + 86_400)
        ),
        (
            "not passed, waiting period over",
            JourneyFacts(
                identity: .verified, eligibility: .eligible, phoneVerified: true,
                test: .notPassed(retakeAt: now - 1), now: now), .takeTest
        ),
        ("passed, a wave is open", ready(openWave: open), .joinWave(number: 2, closesAt: open.closesAt)),
        (
            "passed, a wave is scheduled", ready(scheduledWave: scheduled),
            .awaitWaveOpening(number: 3, opensAt: scheduled.opensAt)
        ),
        ("passed, no wave at all", ready(), .awaitNewWave),
        (
            "joined the open wave", ready(entry: (.waitingForClose, open), openWave: open),
            .awaitWaveClose(number: 2, closesAt: open.closesAt)
        ),
        ("the wave closed, no draw yet", ready(entry: (.inSelection, closed)), .awaitSelection(number: 1)),
        (
            "not selected, the next wave is open: one action away",
            ready(entry: (.notSelected, closed), openWave: open), .joinWave(number: 2, closesAt: open.closesAt)
        ),
        (
            "not selected, the next wave is scheduled", ready(entry: (.notSelected, closed), scheduledWave: scheduled),
            .awaitWaveOpening(number: 3, opensAt: scheduled.opensAt)
        ),
        (
            "selected with a card",
            ready(entry: (.selected, closed), card: .active(purchaseDeadline: now + 30 * 86_400)),
            .buyTraining(deadline: now + 30 * 86_400)
        ),
        (
            "a platform asked for the OTP",
            ready(
                entry: (.selected, closed), card: .active(purchaseDeadline: now + 86_400), training: .awaitingOTP),
            .givePurchaseOTP
        ),
        (
            "paid, not started", ready(entry: (.selected, closed), card: .used, training: .paid(redeemCode: "AB23")),
            .startTraining(redeemCode: "AB23")
        ),
        ("under way", ready(entry: (.selected, closed), card: .used, training: .redeemed), .continueTraining),
        (
            "completed, not rated yet",
            ready(entry: (.selected, closed), card: .used, training: .completed(purchaseID: "p1", rated: false)),
            .rateTraining(purchaseID: "p1")
        ),
        (
            "completed and rated",
            ready(entry: (.selected, closed), card: .used, training: .completed(purchaseID: "p1", rated: true)),
            .trainingCompleted
        ),
        (
            "the first purchase was voided: the card is used, the next training can be chosen",
            ready(entry: (.selected, closed), card: .used), .buyNextTraining
        ),
        (
            "a revoked card bars later waves", ready(entry: (.selected, closed), openWave: open, card: .revoked),
            .cardRevoked
        ),
    ]

    @Test(arguments: 0..<cases.count)
    func everyStateHasOneNextStep(index: Int) {
        let (name, facts, expected) = Self.cases[index]
        #expect(NextStep.of(facts) == expected, "\(name)")
    }

    @Test func everyStepIsCoveredAndOnlyPendingChecksRefresh() {
        let codes = Set(Self.cases.map { NextStep.of($0.facts).code })
        #expect(codes.count == 22, "each of the 22 steps appears in the table: \(codes.sorted())")
        for (_, facts, _) in Self.cases {
            let step = NextStep.of(facts)
            #expect(step.awaitsCheck == (step == .awaitIdentityCheck || step == .awaitEligibility))
        }
    }
}
