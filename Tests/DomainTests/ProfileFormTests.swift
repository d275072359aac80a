import Testing

@testable import Domain

@Suite struct ProfileFormTests {
    let regions = NIKTests.regions
    let today = NIKTests.today

    func valid() -> ProfileForm {
        var form = ProfileForm()
        form.nik = "3201014107850123"
        form.familyCardNumber = "3201012203150007"
        form.fullName = "  Siti   Aminah "
        form.birthDate = "1985-07-01"
        form.sex = "female"
        form.ktpStreet = "Jl. Raya Bogor No. 1, RT 01/RW 02"
        form.ktpProvince = "32"
        form.ktpRegency = "3201"
        form.ktpDistrict = "320101"
        form.ktpVillage = "3201011001"
        form.currentStreet = "Jl. Merdeka 5"
        form.currentProvince = "31"
        form.currentRegency = "3171"
        form.currentDistrict = "317101"
        form.currentVillage = "3171011002"
        form.education = "sma"
        form.maritalStatus = "married"
        form.dependants = "2"
        form.employment = "laid_off"
        form.trainingInterest = "Pemasaran digital"
        form.notInFormalEducation = true
        form.declaredGroups = []
        form.honestyStatement = true
        return form
    }

    @Test func aCompleteFormGivesAProfile() throws {
        let outcome = valid().validate(regions: regions, today: today)
        #expect(outcome.errors.isEmpty)
        #expect(outcome.warnings.isEmpty)
        let profile = try #require(outcome.profile)
        #expect(profile.fullName == "Siti Aminah")
        #expect(profile.birthDate == CalendarDate(year: 1985, month: 7, day: 1))
        #expect(profile.currentAddress.districtCode == "317101")
        #expect(profile.employment == .laidOff)
        #expect(profile.dependants == 2)
    }

    @Test func everyMissingFieldIsNamed() {
        let outcome = ProfileForm().validate(regions: regions, today: today)
        #expect(outcome.profile == nil)
        for field in [
            "nik", "family_card_number", "full_name", "birth_date", "sex", "ktp_street", "ktp_village",
            "current_province",
            "education", "marital_status", "dependants", "employment", "honesty_statement",
        ] {
            #expect(outcome.errors[field] == "required", "\(field)")
        }
    }

    @Test func identityNumbersAreChecked() {
        var form = valid()
        form.nik = "3201013507850123"
        #expect(form.validate(regions: regions, today: today).errors["nik"] == "invalid_birth_day")
        form.nik = "320101"
        #expect(form.validate(regions: regions, today: today).errors["nik"] == "not_16_digits")
        form = valid()
        form.familyCardNumber = form.nik
        #expect(form.validate(regions: regions, today: today).errors["family_card_number"] == "same_as_nik")
        form.familyCardNumber = "1101012203150007"
        #expect(form.validate(regions: regions, today: today).errors["family_card_number"] == "unknown_province")
    }

    @Test func differencesFromTheNIKAreWarningsNotErrors() {
        var form = valid()
        form.birthDate = "1985-07-02"
        form.sex = "male"
        let outcome = form.validate(regions: regions, today: today)
        #expect(outcome.profile != nil)
        #expect(outcome.warnings == ["birth_date": "differs_from_nik", "sex": "differs_from_nik"])
    }

    @Test(arguments: ["1985-02-30", "30-02-1985", "2027-01-01", "1899-12-31", "07-13-1985", "01-07-85", "kemarin"])
    func impossibleBirthDatesAreRefused(_ text: String) {
        var form = valid()
        form.birthDate = text
        #expect(form.validate(regions: regions, today: today).errors["birth_date"] == "invalid_date")
    }

    /// Day first, as Indonesians write dates, with any usual separator; or year first, as the
    /// API and date pickers send it.
    @Test(arguments: ["02-07-1985", "2-7-1985", "02/07/1985", "02.07.1985", "02 07 1985", "02071985", "1985-07-02"])
    func birthDatesAreReadAsPeopleWriteThem(_ text: String) {
        var form = valid()
        form.birthDate = text
        #expect(
            form.validate(regions: regions, today: today).profile?.birthDate
                == CalendarDate(year: 1985, month: 7, day: 2))
    }

    @Test func addressCodesMustNest() {
        var form = valid()
        form.ktpRegency = "3171"
        #expect(form.validate(regions: regions, today: today).errors["ktp_regency"] == "unknown_region")
        form = valid()
        form.currentDistrict = "320101"
        #expect(form.validate(regions: regions, today: today).errors["current_district"] == "unknown_region")
        form = valid()
        form.currentVillage = "3201011001"
        #expect(form.validate(regions: regions, today: today).errors["current_village"] == "unknown_region")
        form = valid()
        form.ktpProvince = "99"
        #expect(form.validate(regions: regions, today: today).errors["ktp_province"] == "unknown_region")
    }

    @Test func choicesNamesAndDeclarations() {
        var form = valid()
        form.education = "kindergarten"
        form.fullName = "R2-D2 <script>"
        form.dependants = "-1"
        form.declaredGroups = ["asn", "astronaut"]
        form.honestyStatement = false
        let outcome = form.validate(regions: regions, today: today)
        #expect(outcome.errors["education"] == "invalid_choice")
        #expect(outcome.errors["full_name"] == "invalid_name")
        #expect(outcome.errors["dependants"] == "invalid_number")
        #expect(outcome.errors["declared_groups"] == "invalid_choice")
        #expect(outcome.errors["honesty_statement"] == "required")

        form = valid()
        form.declaredGroups = ["tni"]
        form.fullName = "I Gusti Ngurah Rai-Wijaya, O'Neil"
        let declared = form.validate(regions: regions, today: today)
        #expect(declared.profile?.declaredGroups == [.military])
    }
}
