import Application
import Domain
import Foundation
import Hummingbird
import Storage

/// `/api/v1/waves…` (public: every wave with its draw commitment, each drawn wave's selection
/// file) and `/api/v1/me/wave` (where the person's entry stands; join the open wave).
struct WavesAPI {
    let platform: Platform

    struct WaveView: Encodable {
        let number: Int
        let phase: String
        let opensAt: Date
        let closesAt: Date
        let scheme: String
        let totalQuota: Int
        let reservedQuota: Int
        let groupQuotas: [String: Int]
        let commitment: String
        let publicSource: String
        let publicValue: String?

        init(_ wave: Wave, now: Date) {
            number = wave.number
            phase = wave.phase(at: now).rawValue
            opensAt = wave.opensAt
            closesAt = wave.closesAt
            scheme = "\(wave.schemeCode) v\(wave.schemeVersion)"
            totalQuota = wave.totalQuota
            reservedQuota = wave.reservedQuota
            groupQuotas = wave.groupQuotas
            commitment = wave.commitment
            publicSource = wave.publicSource
            publicValue = wave.publicValue
        }
    }

    struct JoinInput: Codable {
        /// The person accepted the consent statements.
        let consent: Bool
    }

    struct StandingView: Encodable {
        struct Card: Encodable {
            let number: String
            let balance: Int64
            let purchaseDeadlineAt: Date
        }
        let wave: Int
        let status: String
        let statusText: String
        let entryId: String
        let group: String
        let rank: Int?
        let lastSelectedRank: Int?
        let card: Card?
    }

    func add(public router: some RouterMethods<AppRequestContext>, signedIn: some RouterMethods<SignedInRequestContext>)
    {
        let waves = platform.services.waves
        let clock = platform.clock
        let strings = platform.strings

        router.get("waves") { _, _ in
            let now = clock.now()
            return try JSONBody.response(try await waves.waves().map { WaveView($0, now: now) })
        }

        router.get("waves/{number}/selection") { _, context in
            guard let number = context.parameters.get("number", as: Int.self),
                let file = try await waves.selectionFile(number: number)
            else { throw WaveService.Failure.unknownWave }
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"seleksi-gelombang-\(number).json\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: file)))
        }

        @Sendable func standing(_ accountID: String, locale: AppLocale) async throws -> StandingView? {
            guard let standing = try await waves.standing(accountID: accountID) else { return nil }
            return StandingView(
                wave: standing.wave.number, status: standing.status.rawValue,
                statusText: strings.text("wave.status.\(standing.status.rawValue)", locale), entryId: standing.entry.id,
                group: standing.entry.group, rank: standing.entry.rank, lastSelectedRank: standing.lastSelectedRank,
                card: standing.card.map {
                    StandingView.Card(
                        number: $0.number.digits, balance: standing.balance?.amount ?? 0,
                        purchaseDeadlineAt: $0.purchaseDeadlineAt)
                })
        }

        signedIn.get("me/wave") { _, context in
            guard let view = try await standing(context.account.id, locale: context.locale) else {
                throw WaveService.Failure.notJoined
            }
            return try JSONBody.response(view)
        }

        signedIn.post("me/wave") { request, context in
            let input = try await JSONBody.decode(JoinInput.self, from: request, context: context, strings: strings)
            _ = try await waves.join(accountID: context.account.id, consented: input.consent)
            guard let view = try await standing(context.account.id, locale: context.locale) else {
                throw WaveService.Failure.notJoined
            }
            return try JSONBody.response(view, status: .created)
        }
    }
}
