import Application
import Domain
import Foundation
import Hummingbird
import Storage

/// `/konsol/gelombang…`: every wave and a form to create one; each wave's page with the one
/// action its phase allows (open, close, enter the public value, fund the budget, draw), its
/// places, entries and selected per group, and once drawn its published selection file.
struct ConsoleWavePages {
    let platform: Platform

    struct CreateForm: Decodable {
        var number: String?
        var opens: String?
        var closes: String?
        var scheme: String?
        var total: String?
        var reserved: String?
        var quotas: String?
        var publicSource: String?

        enum CodingKeys: String, CodingKey {
            case number, opens, closes, scheme, total, reserved, quotas
            case publicSource = "public_source"
        }
    }

    struct ValueForm: Decodable {
        var value: String?
    }

    struct FundForm: Decodable {
        var amount: String?
        var key: String?
    }

    func add(signedIn router: some RouterMethods<ConsoleRequestContext>) {
        let strings = platform.strings
        let waves = platform.services.waves
        let clock = platform.clock
        let page = ConsolePage(strings: strings)
        let regions = RegionTable.bundled

        @Sendable func listPage(
            _ request: Request?, _ context: ConsoleRequestContext, form: CreateForm = CreateForm(),
            errors: [String: String] = [:]
        ) async throws -> Response {
            let now = clock.now()
            let locale = context.locale
            let all = try await waves.waves()
            let rows: [[String: Any]] = all.reversed().map { wave in
                [
                    "number": wave.number, "phase": wave.phase(at: now).rawValue,
                    "phaseText": strings.text("wave.phase.\(wave.phase(at: now).rawValue)", locale),
                    "opens": DateText.jakarta(wave.opensAt, locale: locale),
                    "closes": DateText.jakarta(wave.closesAt, locale: locale),
                    "quota": NumberFormat.grouped(wave.totalQuota, locale: locale),
                ]
            }
            let choices: [[String: Any]] = try await waves.schemes().map { scheme in
                let value = "\(scheme.code):\(scheme.version)"
                return [
                    "value": value, "name": "\(scheme.code) v\(scheme.version)",
                    "selected": form.scheme == value,
                ]
            }
            let next = (all.map(\.number).max() ?? 0) + 1
            var values: [String: Any] = [
                "waves": rows, "hasWaves": !rows.isEmpty, "schemes": choices, "errors": errors,
                "form": [
                    "number": form.number ?? String(next), "opens": form.opens ?? ConsoleTime.field(now),
                    "closes": form.closes ?? ConsoleTime.field(now.addingTimeInterval(7 * 86_400)),
                    "total": form.total ?? "", "reserved": form.reserved ?? "0", "quotas": form.quotas ?? "",
                    "publicSource": form.publicSource ?? "",
                ],
            ]
            if let request { values.merge(page.notices(request, locale: locale)) { _, new in new } }
            return page.render(
                "console-waves", titleKey: "console.waves_title", context: context, values: values,
                status: errors.isEmpty ? .ok : .unprocessableContent)
        }

        router.get("/gelombang") { request, context in
            try await listPage(request, context)
        }

        router.post("/gelombang") { request, context in
            let form = try await PageForms.decode(CreateForm.self, from: request, context: context)
            let locale = context.locale
            var errors: [String: String] = [:]
            func required(_ key: String) -> String { strings.text("console.field_\(key)_invalid", locale) }
            let number = form.number.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.flatMap {
                $0 > 0 ? $0 : nil
            }
            if number == nil { errors["number"] = required("number") }
            let opens = ConsoleTime.parse(form.opens)
            if opens == nil { errors["opens"] = required("time") }
            let closes = ConsoleTime.parse(form.closes)
            if closes == nil { errors["closes"] = required("time") }
            let schemeParts = (form.scheme ?? "").split(separator: ":")
            let scheme = schemeParts.count == 2 ? Int(schemeParts[1]).map { (String(schemeParts[0]), $0) } : nil
            if scheme == nil { errors["scheme"] = required("scheme") }
            let total = form.total.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            if total == nil { errors["total"] = required("places") }
            let reserved =
                (form.reserved ?? "").isEmpty
                ? 0 : form.reserved.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            if reserved == nil { errors["reserved"] = required("places") }
            let groups = GroupQuotas.parse(form.quotas ?? "")
            if groups == nil { errors["quotas"] = required("quotas") }
            let source = (form.publicSource ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if source.isEmpty { errors["publicSource"] = required("public_source") }
            guard errors.isEmpty, let number, let opens, let closes, let scheme, let total, let reserved, let groups
            else { return try await listPage(nil, context, form: form, errors: errors) }
            do {
                _ = try await waves.create(
                    WaveService.NewWave(
                        number: number, opensAt: opens, closesAt: closes, schemeCode: scheme.0, schemeVersion: scheme.1,
                        totalQuota: total, reservedQuota: reserved, groupQuotas: groups, publicSource: source),
                    as: context.principal)
            } catch let failure as WaveService.Failure {
                return try await listPage(
                    nil, context, form: form, errors: ["form": strings.text("error.\(failure.code)", locale)])
            }
            return ConsolePage.after("/konsol/gelombang/\(number)", done: "created")
        }

        @Sendable func number(_ context: ConsoleRequestContext) throws -> Int {
            guard let number = context.parameters.get("number", as: Int.self) else { throw HTTPError(.notFound) }
            return number
        }

        router.get("/gelombang/{number}") { request, context in
            let locale = context.locale
            let overview: WaveService.Overview
            do {
                overview = try await waves.overview(number: try number(context), as: context.principal)
            } catch WaveService.Failure.unknownWave {
                throw HTTPError(.notFound)
            }
            let wave = overview.figures.wave
            let phase = wave.phase(at: clock.now())
            var values: [String: Any] = [
                "number": wave.number, "phase": phase.rawValue,
                "phaseText": strings.text("wave.phase.\(phase.rawValue)", locale),
                "opens": DateText.jakarta(wave.opensAt, locale: locale),
                "closes": DateText.jakarta(wave.closesAt, locale: locale),
                "scheme": "\(wave.schemeCode) v\(wave.schemeVersion)",
                "total": NumberFormat.grouped(wave.totalQuota, locale: locale),
                "reserved": NumberFormat.grouped(wave.reservedQuota, locale: locale),
                "commitment": wave.commitment, "publicSource": wave.publicSource,
                "publicValue": PageRenderer.optional(wave.publicValue),
                "budgetAvailable": overview.budgetAvailable.description,
                "budgetNeeded": overview.budgetNeeded.description,
                "budgetShort": overview.budgetAvailable < overview.budgetNeeded,
                "canOpen": phase == .scheduled, "canClose": phase == .open,
                "needsPublicValue": phase == .closed && wave.publicValue == nil,
                "canDraw": phase == .closed && wave.publicValue != nil, "drawn": phase == .drawn,
                "canFund": phase != .drawn, "fundKey": RandomTokens.token(),
                "groups": overview.figures.groups.map { group in
                    [
                        "code": group.code,
                        "name": regions.provinces[group.code]?.name ?? regions.regencies[group.code]?.name
                            ?? group.code,
                        "places": NumberFormat.grouped(group.places, locale: locale),
                        "entries": NumberFormat.grouped(group.entries, locale: locale),
                        "selected": NumberFormat.grouped(group.selected, locale: locale),
                    ]
                },
            ]
            values.merge(page.notices(request, locale: locale)) { _, new in new }
            return page.render(
                "console-wave", titleKey: "console.wave_title", context: context, values: values)
        }

        /// Runs one action on the wave and goes back to its page with the outcome.
        @Sendable func act(
            _ context: ConsoleRequestContext, done: String, _ body: (Int) async throws -> Void
        ) async throws -> Response {
            let wave = try number(context)
            let path = "/konsol/gelombang/\(wave)"
            do {
                try await body(wave)
            } catch let failure as WaveService.Failure {
                return ConsolePage.after(path, refused: failure.code)
            } catch let refusal as LedgerRefusal {
                return ConsolePage.after(path, refused: refusal.code)
            }
            return ConsolePage.after(path, done: done)
        }

        router.post("/gelombang/{number}/buka") { _, context in
            try await act(context, done: "opened") { try await waves.open(number: $0, as: context.principal) }
        }

        router.post("/gelombang/{number}/tutup") { _, context in
            try await act(context, done: "closed") { try await waves.close(number: $0, as: context.principal) }
        }

        router.post("/gelombang/{number}/nilai-publik") { request, context in
            let form = try await PageForms.decode(ValueForm.self, from: request, context: context)
            return try await act(context, done: "public_value") {
                try await waves.enterPublicValue(number: $0, value: form.value ?? "", as: context.principal)
            }
        }

        router.post("/gelombang/{number}/undi") { _, context in
            try await act(context, done: "drawn") { _ = try await waves.draw(number: $0, as: context.principal) }
        }

        router.post("/gelombang/{number}/dana") { request, context in
            let form = try await PageForms.decode(FundForm.self, from: request, context: context)
            let digits = (form.amount ?? "").filter { $0.isNumber }
            guard let amount = Int64(digits), amount > 0, let key = form.key, !key.isEmpty, key.count <= 100 else {
                return ConsolePage.after("/konsol/gelombang/\(try number(context))", refused: "invalid_amount")
            }
            return try await act(context, done: "funded") {
                _ = try await waves.fundBudget(forWave: $0, amount: Rupiah(amount), key: key, as: context.principal)
            }
        }
    }
}
