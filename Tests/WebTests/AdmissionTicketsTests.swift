import Foundation
import Testing

@testable import Web

/// Place-in-line tokens: the position rides in the token once known, and nothing unsigned or
/// expired is read.
@Suite struct AdmissionTicketsTests {
    let tickets = AdmissionTickets(key: [UInt8](repeating: 9, count: 32))
    let now = Date(timeIntervalSince1970: 1_780_000_000)

    @Test func aNumberedPlaceCarriesItsPosition() {
        let expires = Int64(now.timeIntervalSince1970 + AdmissionTickets.queueLifetime)
        let unnumbered = tickets.queue(ticket: 41, position: nil, now: now)
        #expect(tickets.queued(unnumbered, now: now) == .init(ticket: 41, position: nil, expires: expires))
        let numbered = tickets.queue(ticket: 41, position: 1_322, now: now)
        #expect(numbered.hasPrefix("q2.41.1322."))
        #expect(tickets.queued(numbered, now: now) == .init(ticket: 41, position: 1_322, expires: expires))
        let toldAtDoor = tickets.queue(ticket: 41, position: 1_322, now: now, toldAtDoor: true)
        #expect(toldAtDoor.hasPrefix("q3.41.1322."))
        #expect(
            tickets.queued(toldAtDoor, now: now)
                == .init(ticket: 41, position: 1_322, expires: expires, toldAtDoor: true))
    }

    /// A numbered token is handed back unchanged while more than half its life is left; an
    /// unnumbered one never is (the person has to learn their number).
    @Test func aNumberedTokenIsReusedUntilHalfItsLifeHasGone() throws {
        let numbered = try #require(tickets.queued(tickets.queue(ticket: 7, position: 9, now: now), now: now))
        #expect(numbered.stillFresh(now: now.addingTimeInterval(AdmissionTickets.queueLifetime / 2 - 1)))
        #expect(!numbered.stillFresh(now: now.addingTimeInterval(AdmissionTickets.queueLifetime / 2 + 1)))
        let unnumbered = try #require(tickets.queued(tickets.queue(ticket: 7, position: nil, now: now), now: now))
        #expect(!unnumbered.stillFresh(now: now))
    }

    @Test func aChangedOrExpiredTokenIsNoPlace() {
        let numbered = tickets.queue(ticket: 41, position: 1_322, now: now)
        let earlier = numbered.replacingOccurrences(of: ".1322.", with: ".1.")
        #expect(tickets.queued(earlier, now: now) == nil)
        #expect(tickets.queued(numbered, now: now.addingTimeInterval(AdmissionTickets.queueLifetime + 1)) == nil)
        let other = AdmissionTickets(key: [UInt8](repeating: 8, count: 32))
        #expect(other.queued(numbered, now: now) == nil)
        #expect(tickets.queued("q2.41.x.\(Int(now.timeIntervalSince1970) + 60)", now: now) == nil)
    }
}
