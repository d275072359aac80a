import Testing

@testable import Domain

@Suite struct EligibilityTests {
    let waveDate = CalendarDate(year: 2026, month: 12, day: 1)

    func facts(born: CalendarDate = .init(year: 1995, month: 6, day: 15)) -> EligibilityFacts {
        EligibilityFacts(birthDate: born)
    }

    @Test func anOrdinaryApplicantIsEligible() {
        let decision = Scheme.y2023.eligibility(of: facts(), on: waveDate)
        #expect(decision.isEligible)
        #expect(decision.schemeCode == "2023")
        #expect(decision.schemeVersion == 1)
    }

    @Test(arguments: [
        (CalendarDate(year: 2008, month: 12, day: 1), true),  // 18 on the day
        (CalendarDate(year: 2008, month: 12, day: 2), false),  // 18 tomorrow
        (CalendarDate(year: 1962, month: 12, day: 2), true),  // still 63
        (CalendarDate(year: 1961, month: 12, day: 2), true),  // 64
        (CalendarDate(year: 1961, month: 12, day: 1), false),  // 65 on the day
    ])
    func ageIsTakenOnTheWaveDate(born: CalendarDate, eligible: Bool) {
        #expect(Scheme.y2023.eligibility(of: facts(born: born), on: waveDate).isEligible == eligible)
    }

    @Test func the2020SchemeHasNoUpperAge() {
        let old = facts(born: .init(year: 1940, month: 1, day: 1))
        #expect(Scheme.y2020.eligibility(of: old, on: waveDate).isEligible)
        #expect(Scheme.y2023.eligibility(of: old, on: waveDate).reasons == [.tooOld(maximum: 64)])
    }

    @Test func leapDayBirthdaysCountFromFirstMarch() {
        let born = CalendarDate(year: 2008, month: 2, day: 29)
        #expect(Scheme.age(born: born, on: .init(year: 2026, month: 2, day: 28)) == 17)
        #expect(Scheme.age(born: born, on: .init(year: 2026, month: 3, day: 1)) == 18)
        #expect(Scheme.age(born: born, on: .init(year: 2028, month: 2, day: 29)) == 20)
    }

    @Test func everyReasonIsListedNotOnlyTheFirst() {
        var person = facts(born: .init(year: 2010, month: 1, day: 1))
        person.holdsNIT = true
        person.inFormalEducation = true
        person.declaredGroups = [.civilServant]
        person.listedGroups = [.civilServant, .police]
        person.onSocialAidList = true
        person.isPreviousRecipient = true
        person.isBlacklisted = true
        person.recipientsOnFamilyCard = 2
        let decision = Scheme.y2023.eligibility(of: person, on: waveDate)
        #expect(
            decision.reasons == [
                .tooYoung(minimum: 18), .citizenAbroad, .inFormalEducation, .declaredExcludedGroup(.civilServant),
                .listedExcludedGroup(.police), .socialAidRecipient, .previousRecipient, .blacklisted,
                .familyCardCapReached(cap: 2),
            ])
        #expect(!decision.isEligible)
    }

    @Test func socialAidAndNITFollowTheScheme() {
        var person = facts()
        person.onSocialAidList = true
        #expect(Scheme.y2020.eligibility(of: person, on: waveDate).isEligible)
        #expect(Scheme.y2023.eligibility(of: person, on: waveDate).reasons == [.socialAidRecipient])
    }

    @Test func familyCardCapCountsOthersOnTheCard() {
        var person = facts()
        person.recipientsOnFamilyCard = 1
        #expect(Scheme.y2020.eligibility(of: person, on: waveDate).isEligible)
        person.recipientsOnFamilyCard = 2
        #expect(Scheme.y2020.eligibility(of: person, on: waveDate).reasons == [.familyCardCapReached(cap: 2)])
    }

    @Test func reasonsHaveStableCodesAndMessages() {
        #expect(IneligibilityReason.listedExcludedGroup(.military).code == "listed_tni")
        #expect(IneligibilityReason.declaredExcludedGroup(.military).messageKey == "eligibility.group.tni")
        #expect(IneligibilityReason.tooOld(maximum: 64).messageValues == ["age": "64"])
        #expect(IneligibilityReason.familyCardCapReached(cap: 2).messageKey == "eligibility.family_card_cap")
    }

    @Test func schemesAddUpAsDesigned() {
        #expect(Scheme.y2020.totalBenefit == Rupiah(3_550_000))
        #expect(Scheme.y2023.totalBenefit == Rupiah(4_200_000))
        #expect(Rupiah(3_500_000).description == "Rp3.500.000")
    }
}

@Suite struct RecordedReasonTests {
    /// Decisions keep only the codes; the sentence and its numbers come back from the scheme.
    @Test func everyReasonComesBackFromItsCode() {
        var reasons: [IneligibilityReason] = [
            .tooYoung(minimum: 18), .tooOld(maximum: 64), .citizenAbroad, .inFormalEducation, .socialAidRecipient,
            .previousRecipient, .blacklisted, .familyCardCapReached(cap: 2),
        ]
        for group in ExcludedGroup.allCases {
            reasons += [.declaredExcludedGroup(group), .listedExcludedGroup(group)]
        }
        for reason in reasons {
            #expect(IneligibilityReason(code: reason.code, scheme: .y2023) == reason)
        }
        #expect(IneligibilityReason(code: "declared_astronaut", scheme: .y2023) == nil)
        #expect(Scheme.find(code: "2020", version: 1) == .y2020)
    }
}
