import Testing

@testable import Domain

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("081234567890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("(0812) 3456 7890", "+6281234567890"),
        ("81234567890", "+6281234567890"),
        ("0857.1234.567", "+628571234567"),
        ("0812345678", "+62812345678"),
        ("+62 812 3456 78901", "+62812345678901"),
    ])
    func normalisesToE164(input: String, expected: String) throws {
        #expect(try PhoneNumber(input).e164 == expected)
    }

    @Test(arguments: [
        ("", PhoneNumber.Invalid.empty),
        ("  ", .empty),
        ("0812-3456-789O", .invalidCharacters),
        ("+1 415 555 0100", .notIndonesian),
        ("+65 8123 4567", .notIndonesian),
        ("021-5551234", .notMobile),
        ("+62 21 5551234", .notMobile),
        ("08123456", .wrongLength),
        ("0812345678901234", .wrongLength),
    ])
    func refuses(input: String, reason: PhoneNumber.Invalid) {
        #expect(throws: reason) { try PhoneNumber(input) }
    }
}

@Suite struct RegistryMatchTests {
    @Test(arguments: [
        ("Siti Aminah", "SITI AMINAH"),
        ("Hj. Siti Aminah, S.Pd.", "SITI AMINAH"),
        ("Dr. Ir. Bambang  Susilo, M.M.", "BAMBANG SUSILO"),
        ("muhamad rizki", "MUHAMMAD RIZKY"),
        ("Mohammad Fauzi", "MUHAMMAD FAUZI"),
        ("Nurhaliza Siti", "SITI NURHALIZA"),
        ("I Gusti Ayu Putu Wulandari", "I GUSTI AYU PUTU WULANDARI"),
        ("Andi Muh. Yusuf", "ANDI MUH YUSUF"),
        ("Jérôme O'Neil", "JEROME ONEIL"),
    ])
    func sameNamesWrittenDifferentlyMatch(submitted: String, registry: String) {
        let similarity = PersonName.similarity(submitted, registry)
        #expect(similarity >= RegistryMatch.nameThreshold, "\(similarity)")
    }

    @Test(arguments: [
        ("Budi Santoso", "AHMAD FAUZI"),
        ("Siti Aminah", "SITI AISYAH"),
        ("Agus Salim", "AGUS SETIAWAN"),
        ("Dewi Lestari", "DEWI KARTIKA"),
        ("Rina", "RINA WATI SUSANTI"),
        ("Hj.", "SITI AMINAH"),
    ])
    func differentPeopleDoNotMatch(submitted: String, registry: String) {
        let similarity = PersonName.similarity(submitted, registry)
        #expect(similarity < RegistryMatch.nameThreshold, "\(similarity)")
    }

    @Test func normalisationDropsTitlesPunctuationAndCase() {
        #expect(PersonName.normalised(" Hj.  Siti   Aminah,S.Pd. ") == "SITI AMINAH")
        #expect(PersonName.normalised("A.S. Hikam") == "AS HIKAM")
        #expect(PersonName.normalised("Prof. Dr. H. Andi") == "ANDI")
    }

    let record = RegistryRecord(
        nik: "3201010112900001", familyCardNumber: "3201012203150007", fullName: "SITI AMINAH",
        birthDate: CalendarDate(year: 1990, month: 12, day: 1), isAlive: true)

    func submitted(
        kk: String = "3201012203150007", name: String = "Siti Aminah",
        born: CalendarDate = .init(year: 1990, month: 12, day: 1)
    )
        -> SubmittedIdentity
    {
        SubmittedIdentity(nik: "3201010112900001", familyCardNumber: kk, fullName: name, birthDate: born)
    }

    @Test func aMatchingSubmissionIsVerified() {
        let match = RegistryMatch.compare(submitted(name: "Hj. Siti Aminah"), with: record)
        #expect(match.isVerified)
        #expect(match.nameSimilarity == 1)
    }

    @Test func everyMismatchIsReported() {
        let dead = RegistryRecord(
            nik: record.nik, familyCardNumber: record.familyCardNumber, fullName: record.fullName,
            birthDate: record.birthDate, isAlive: false)
        let match = RegistryMatch.compare(
            submitted(kk: "3201012203150008", name: "Budi Santoso", born: .init(year: 1990, month: 12, day: 2)),
            with: dead)
        #expect(match.mismatches == [.deceased, .familyCardMismatch, .birthDateMismatch, .nameMismatch])
        #expect(!match.isVerified)
        #expect(RegistryMatch.compare(submitted(), with: nil).mismatches == [.nikNotFound])
    }
}
