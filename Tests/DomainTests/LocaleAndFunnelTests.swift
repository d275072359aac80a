import Testing

@testable import Domain

@Suite struct AppLocaleTests {
    @Test(
        arguments: [
            (nil, AppLocale.indonesian),
            ("", .indonesian),
            ("en-US,en;q=0.9", .english),
            ("id-ID,id;q=0.9,en;q=0.8", .indonesian),
            ("fr-FR, en;q=0.5", .english),
            ("fr-FR", .indonesian),
            ("en;q=0.4, id;q=0.8", .indonesian),
            ("in", .indonesian),
            ("en;q=0, id;q=0.1", .indonesian),
            ("*", .indonesian),
        ] as [(String?, AppLocale)])
    func negotiates(header: String?, expected: AppLocale) {
        #expect(AppLocale.negotiate(acceptLanguage: header) == expected)
    }
}

@Suite struct FunnelTests {
    @Test func stagesAreOrdered() {
        #expect(FunnelStage.registered < .emailVerified)
        #expect(FunnelStage.joinedWave < .selected)
        #expect(FunnelStage.allCases.first == .registered)
    }

    @Test func sharesOfRegisteredRoundHalfUp() {
        let counts = FunnelCounts(counts: [.registered: 1_432_133, .emailVerified: 1_063_028, .joinedWave: 77_834])
        #expect(counts.shareOfRegistered(.registered) == 10_000)
        #expect(counts.shareOfRegistered(.emailVerified) == 7423)  // 74.227%
        #expect(counts.shareOfRegistered(.joinedWave) == 543)  // 5.4348%
        #expect(counts.shareOfRegistered(.selected) == 0)
        #expect(FunnelCounts(counts: [:]).shareOfRegistered(.emailVerified) == nil)
        #expect(FunnelCounts(counts: [.registered: 8, .emailVerified: 1]).shareOfRegistered(.emailVerified) == 1250)
        #expect(FunnelCounts(counts: [.registered: 3, .emailVerified: 2]).shareOfRegistered(.emailVerified) == 6667)
    }

    @Test func formatsNumbersTheIndonesianWay() {
        #expect(NumberFormat.grouped(1_063_028, locale: .indonesian) == "1.063.028")
        #expect(NumberFormat.grouped(1_063_028, locale: .english) == "1,063,028")
        #expect(NumberFormat.grouped(999, locale: .indonesian) == "999")
        #expect(NumberFormat.grouped(0, locale: .indonesian) == "0")
        #expect(NumberFormat.percent(hundredths: 7385, locale: .indonesian) == "73,85%")
        #expect(NumberFormat.percent(hundredths: 7385, locale: .english) == "73.85%")
        #expect(NumberFormat.percent(hundredths: 543, locale: .indonesian) == "5,43%")
        #expect(NumberFormat.percent(hundredths: 10_000, locale: .indonesian) == "100,00%")
        #expect(NumberFormat.percent(hundredths: 7, locale: .indonesian) == "0,07%")
    }
}
