import Application
import Domain
import Foundation

/// The values the identity form's template shows: every field with its label, value, options,
/// error and warning in the reader's language. Region pickers offer the subdivisions of what
/// is already chosen, so the page works without JavaScript: choose, press "show the next
/// choices" (which returns to the same section), choose again; with JavaScript
/// (`Static/identity.js`) the next choices load in place.
struct IdentityFormView {
    let form: ProfileForm
    /// Validation field (snake_case) → error code.
    let errors: [String: String]
    /// Validation field (snake_case) → warning code.
    let warnings: [String: String]
    let sameAsKtp: Bool
    let strings: StringTable
    let locale: AppLocale
    let regions: RegionTable

    func values() -> [String: Any] {
        [
            "hasErrors": !errors.isEmpty,
            "personFields": [
                text("nik", "nik", form.nik, hint: "identity.nik_hint", inputmode: "numeric", maxlength: 16),
                text(
                    "familyCardNumber", "family_card_number", form.familyCardNumber, label: "identity.kk_label",
                    hint: "identity.kk_hint", inputmode: "numeric", maxlength: 16),
                text(
                    "fullName", "full_name", form.fullName, label: "identity.name_label", hint: "identity.name_hint",
                    autocomplete: "name", maxlength: 100),
                birthDateField(),
            ],
            "sexOptions": Profile.Sex.allCases.map { sex in
                [
                    "value": sex.rawValue, "label": text("identity.sex.\(sex.rawValue)"),
                    "selected": form.sex == sex.rawValue,
                ] as [String: Any]
            },
            "sexError": PageRenderer.optional(errors["sex"].map(fieldError)),
            "sexWarning": PageRenderer.optional(warnings["sex"].map { text("warning.sex.\($0)") }),
            "ktpFields": address(
                "ktp", street: form.ktpStreet,
                codes: (form.ktpProvince, form.ktpRegency, form.ktpDistrict, form.ktpVillage)),
            "currentFields": address(
                "current", street: form.currentStreet,
                codes: (form.currentProvince, form.currentRegency, form.currentDistrict, form.currentVillage)),
            "sameAsKtp": sameAsKtp,
            "aboutFields": [
                select(
                    "education", "education", form.education, label: "identity.education_label",
                    options: Profile.Education.allCases.map { ($0.rawValue, text("identity.education.\($0.rawValue)")) }
                ),
                select(
                    "maritalStatus", "marital_status", form.maritalStatus, label: "identity.marital_label",
                    options: Profile.MaritalStatus.allCases.map {
                        ($0.rawValue, text("identity.marital.\($0.rawValue)"))
                    }),
                text("dependants", "dependants", form.dependants, type: "number", inputmode: "numeric", maxlength: 2),
                select(
                    "employment", "employment", form.employment, label: "identity.employment_label",
                    options: Profile.Employment.allCases.map {
                        ($0.rawValue, text("identity.employment.\($0.rawValue)"))
                    }),
                text(
                    "trainingInterest", "training_interest", form.trainingInterest, label: "identity.interest_label",
                    hint: "identity.interest_hint", maxlength: 200),
            ],
            "notInFormalEducation": form.notInFormalEducation == true,
            "groups": ExcludedGroup.allCases.map { group in
                [
                    "value": group.rawValue, "label": text("identity.group.\(group.rawValue)"),
                    "checked": form.declaredGroups?.contains(group.rawValue) == true,
                ] as [String: Any]
            },
            "groupsError": PageRenderer.optional(errors["declared_groups"].map(fieldError)),
            "honestyStatement": form.honestyStatement == true,
            "honestyError": PageRenderer.optional(errors["honesty_statement"].map(fieldError)),
        ]
    }

    private func text(_ key: String) -> String { strings.text(key, locale) }

    /// Typed day first, as Indonesians write dates; once it reads as a date, the page says which
    /// day it understood ("17 Agustus 1990"), so a swapped day and month is seen before submitting.
    private func birthDateField() -> [String: Any] {
        let typed = form.birthDate ?? ""
        let understood = CalendarDate(written: typed).flatMap { $0.exists ? $0 : nil }
        var field = text(
            "birthDate", "birth_date", understood.map(DateText.dayFirst) ?? typed, hint: "identity.birth_date_hint",
            inputmode: "numeric", autocomplete: "bday", maxlength: 10)
        field["placeholder"] = text("identity.birth_date_placeholder")
        if let understood, errors["birth_date"] == nil {
            field["readBack"] = strings.text(
                "identity.birth_date_read", locale, ["date": DateText.day(understood, locale: locale)])
            let describedBy = [field["describedBy"] as? String, "birthDate-read"].compactMap { $0 }
            field["describedBy"] = describedBy.joined(separator: " ")
        }
        return field
    }

    private func fieldError(_ code: String) -> String { text("field.\(code)") }

    /// A text input. `field` is the validation key; the label defaults to `identity.<field>_label`.
    private func text(
        _ name: String, _ field: String, _ value: String?, label: String? = nil, hint: String? = nil,
        type: String = "text", inputmode: String = "", autocomplete: String = "", maxlength: Int
    ) -> [String: Any] {
        var values = common(name, field, label: label, hint: hint)
        values["isSelect"] = false
        values["placeholder"] = false
        values["readBack"] = false
        values["type"] = type
        values["value"] = value ?? ""
        values["inputmode"] = PageRenderer.optional(inputmode)
        values["autocomplete"] = PageRenderer.optional(autocomplete)
        values["maxlength"] = maxlength
        return values
    }

    private func select(
        _ name: String, _ field: String, _ value: String?, label: String? = nil, hint: String? = nil,
        options: [(String, String)], placeholder: String = "identity.choose", disabled: Bool = false
    ) -> [String: Any] {
        var values = common(name, field, label: label, hint: hint)
        values["isSelect"] = true
        values["disabled"] = disabled
        values["regionLevel"] = false
        let chosen = options.contains { $0.0 == value } ? value : nil
        values["options"] =
            [["value": "", "label": text(placeholder), "selected": chosen == nil] as [String: Any]]
            + options.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == chosen] as [String: Any] }
        return values
    }

    private func common(_ name: String, _ field: String, label: String?, hint: String?) -> [String: Any] {
        let error = errors[field].map(fieldError) ?? ""
        let warning = warnings[field].map { text("warning.\(field).\($0)") } ?? ""
        let hintText = hint.map(text) ?? ""
        let describedBy = [
            hintText.isEmpty ? nil : "\(name)-hint", error.isEmpty ? nil : "\(name)-error",
            warning.isEmpty ? nil : "\(name)-warning",
        ].compactMap { $0 }.joined(separator: " ")
        return [
            "name": name, "label": text(label ?? "identity.\(field)_label"), "hint": PageRenderer.optional(hintText),
            "error": PageRenderer.optional(error), "warning": PageRenderer.optional(warning),
            "describedBy": PageRenderer.optional(describedBy),
        ]
    }

    /// Street plus four nested pickers; each offers the subdivisions of the level above once
    /// that level is chosen.
    private func address(_ prefix: String, street: String?, codes: (String?, String?, String?, String?))
        -> [[String: Any]]
    {
        let levels = ["province", "regency", "district", "village"]
        let chosen = [codes.0, codes.1, codes.2, codes.3]
        var fields = [
            text(
                "\(prefix)Street", "\(prefix)_street", street, label: "identity.street_label",
                autocomplete: prefix == "ktp" ? "street-address" : "", maxlength: 200)
        ]
        var parent: String? = nil
        var parentChosen = true
        for (level, value) in zip(levels, chosen) {
            let options = parentChosen ? regions.subdivisions(of: parent).map { ($0.code, $0.name) } : []
            var picker = select(
                "\(prefix)\(level.capitalized)", "\(prefix)_\(level)", value, label: "identity.\(level)_label",
                options: options, placeholder: parentChosen ? "identity.choose" : "identity.choose_above_first",
                disabled: !parentChosen)
            (picker["regionLevel"], picker["chooseText"]) = (level, text("identity.choose"))
            picker["chooseAboveText"] = text("identity.choose_above_first")
            fields.append(picker)
            let valid = options.contains { $0.0 == value }
            parentChosen = parentChosen && valid
            parent = valid ? value : nil
        }
        return fields
    }
}
