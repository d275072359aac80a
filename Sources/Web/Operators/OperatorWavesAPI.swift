import Application
import Domain
import Foundation
import Hummingbird
import Storage

/// `/api/v1/operator/waves…` and `/api/v1/operator/budgets`: what `prakerja wave …` does, for
/// signed-in operators. Each action's permission is checked by its use case in `WaveService`.
struct OperatorWavesAPI {
    let platform: Platform

    struct CreateInput: Codable {
        let number: Int
        /// ISO 8601 with an offset: `2026-12-01T09:00:00+07:00`.
        let opensAt: String
        let closesAt: String
        let schemeCode: String
        let schemeVersion: Int
        let totalQuota: Int
        let reservedQuota: Int?
        /// Places per province (`"31"`) or regency (`"3171"`) code.
        let groupQuotas: [String: Int]
        let publicSource: String
    }

    struct PublicValueInput: Codable {
        let value: String
    }

    struct FundInput: Codable {
        let schemeCode: String
        let schemeVersion: Int
        let amount: Int64
        /// The transfer's idempotency key: the same key again does nothing.
        let key: String
    }

    struct DetailView: Encodable {
        struct Group: Encodable {
            let code: String
            let places: Int
            let entries: Int
            let selected: Int
        }
        let wave: WavesAPI.WaveView
        let groups: [Group]
        let drawnAt: Date?
        /// What the scheme's programme budget holds, and what granting every place would take.
        let budgetAvailable: Int64
        let budgetNeeded: Int64

        init(_ overview: WaveService.Overview, now: Date) {
            wave = WavesAPI.WaveView(overview.figures.wave, now: now)
            groups = overview.figures.groups.map {
                Group(code: $0.code, places: $0.places, entries: $0.entries, selected: $0.selected)
            }
            drawnAt = overview.figures.wave.drawnAt
            budgetAvailable = overview.budgetAvailable.amount
            budgetNeeded = overview.budgetNeeded.amount
        }
    }

    struct DrawView: Encodable {
        let entries: Int
        let selected: Int
        let entryListHash: String
        let selectionUrl: String
    }

    struct FundView: Encodable {
        let account: String
        let amount: Int64
        let alreadyDone: Bool
    }

    func add(signedIn: some RouterMethods<OperatorRequestContext>) {
        let waves = platform.services.waves
        let clock = platform.clock
        let strings = platform.strings

        @Sendable func number(_ context: OperatorRequestContext) throws -> Int {
            guard let number = context.parameters.get("number", as: Int.self) else {
                throw WaveService.Failure.unknownWave
            }
            return number
        }
        @Sendable func time(_ text: String, field: String, _ context: OperatorRequestContext) throws -> Date {
            let formatter = ISO8601DateFormatter()
            if let date = formatter.date(from: text) { return date }
            formatter.formatOptions.insert(.withFractionalSeconds)
            if let date = formatter.date(from: text) { return date }
            throw APIError(
                status: .unprocessableContent, code: "invalid_time",
                message: strings.text("error.invalid_time", context.locale), fields: [field: "invalid_time"])
        }
        @Sendable func detail(_ number: Int, _ context: OperatorRequestContext) async throws -> Response {
            try JSONBody.response(
                DetailView(try await waves.overview(number: number, as: context.principal), now: clock.now()))
        }

        signedIn.post("waves") { request, context in
            let input = try await JSONBody.decode(CreateInput.self, from: request, context: context, strings: strings)
            let wave = try await waves.create(
                WaveService.NewWave(
                    number: input.number, opensAt: try time(input.opensAt, field: "opens_at", context),
                    closesAt: try time(input.closesAt, field: "closes_at", context),
                    schemeCode: input.schemeCode, schemeVersion: input.schemeVersion, totalQuota: input.totalQuota,
                    reservedQuota: input.reservedQuota ?? 0, groupQuotas: input.groupQuotas,
                    publicSource: input.publicSource),
                as: context.principal)
            var response = try await detail(wave.number, context)
            response.status = .created
            return response
        }

        signedIn.get("waves/{number}") { _, context in
            try await detail(try number(context), context)
        }

        signedIn.post("waves/{number}/open") { _, context in
            try await waves.open(number: try number(context), as: context.principal)
            return try await detail(try number(context), context)
        }

        signedIn.post("waves/{number}/close") { _, context in
            try await waves.close(number: try number(context), as: context.principal)
            return try await detail(try number(context), context)
        }

        signedIn.post("waves/{number}/public-value") { request, context in
            let input = try await JSONBody.decode(
                PublicValueInput.self, from: request, context: context, strings: strings)
            try await waves.enterPublicValue(number: try number(context), value: input.value, as: context.principal)
            return try await detail(try number(context), context)
        }

        signedIn.post("waves/{number}/draw") { _, context in
            let wave = try number(context)
            let file = try await waves.draw(number: wave, as: context.principal)
            return try JSONBody.response(
                DrawView(
                    entries: file.entries.count,
                    selected: file.entries.filter { $0.outcome == .selected || $0.outcome == .selectedReserved }.count,
                    entryListHash: file.entryListHash, selectionUrl: "/api/v1/waves/\(wave)/selection"))
        }

        signedIn.post("budgets") { request, context in
            let input = try await JSONBody.decode(FundInput.self, from: request, context: context, strings: strings)
            guard input.amount > 0 else {
                throw APIError(
                    status: .unprocessableContent, code: "invalid_amount",
                    message: strings.text("error.invalid_amount", context.locale), fields: ["amount": "invalid_amount"])
            }
            guard !input.key.isEmpty, input.key.count <= 100 else {
                throw APIError(
                    status: .unprocessableContent, code: "invalid_key",
                    message: strings.text("error.invalid_key", context.locale), fields: ["key": "invalid_key"])
            }
            let applied = try await waves.fundBudget(
                schemeCode: input.schemeCode, schemeVersion: input.schemeVersion, amount: Rupiah(input.amount),
                key: input.key, as: context.principal)
            return try JSONBody.response(
                FundView(
                    account: LedgerService.accountID(
                        .programmeBudget, owner: "\(input.schemeCode)-v\(input.schemeVersion)"),
                    amount: input.amount, alreadyDone: applied == .alreadyDone),
                status: applied == .created ? .created : .ok)
        }
    }
}
