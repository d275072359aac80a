import Application
import Domain
import Foundation
import Testing

@testable import Web

/// What the waiting page says: a ticket number that stays, and apart from it the people ahead.
@Suite struct WaitingRoomViewTests {
    let strings = StringTable.bundled

    func view(position: Int64?, place: Int?, opening: Bool = false) -> WaitingRoomView {
        WaitingRoomView(
            line: .registration, position: position, place: place, estimate: 90, openingInFuture: opening,
            refreshSeconds: 5)
    }

    @Test func theTicketNumberStaysWhileThePeopleAheadGoDown() {
        let first = view(position: 1_322, place: 5).values(strings: strings, locale: .indonesian)
        let later = view(position: 1_322, place: 2).values(strings: strings, locale: .indonesian)
        #expect(first["ticketText"] as? String == "Nomor antrean Anda: 1.322")
        #expect(later["ticketText"] as? String == "Nomor antrean Anda: 1.322")
        #expect(first["aheadText"] as? String == "Di depan Anda: 4 orang")
        #expect(later["aheadText"] as? String == "Di depan Anda: 1 orang")
        #expect(
            view(position: 1_322, place: 1).values(strings: strings, locale: .indonesian)["aheadText"] as? String
                == "Anda berikutnya.")
        #expect(first["estimateText"] as? String == "Perkiraan waktu tunggu: sekitar 2 menit.")
        let english = view(position: 1_322, place: 5).values(strings: strings, locale: .english)
        #expect(english["ticketText"] as? String == "Your queue number: 1,322")
        #expect(english["aheadText"] as? String == "Ahead of you: 4 people")
    }

    @Test func beforeANumberThePageSaysOneIsComing() {
        let placing = view(position: nil, place: nil).values(strings: strings, locale: .indonesian)
        #expect((placing["ticketText"] as? String)?.hasPrefix("Nomor antrean Anda sedang dibuat") == true)
        #expect(placing["aheadText"] as? Bool == false)
        let draw = view(position: nil, place: nil, opening: true).values(strings: strings, locale: .indonesian)
        #expect((draw["ticketText"] as? String)?.contains("diundi") == true)
    }

    @Test func eachPathWaitsInItsLineOrInNone() {
        #expect(AdmissionLine(path: "/daftar") == .registration)
        #expect(AdmissionLine(path: "/api/v1/challenges") == .registration)
        #expect(AdmissionLine(path: "/api/v1/challenges/seed") == nil)
        #expect(AdmissionLine(path: "/statistik") == .site)
        #expect(AdmissionLine(path: "/") == .site)
        #expect(AdmissionLine(path: "/pelatihan/abc") == .site)
        for path in [
            "/masuk", "/masuk/kode", "/lupa-sandi", "/verifikasi", "/bantuan", "/api/v1/sessions", "/masuk/",
            "/api/v1/regions/3201",
        ] {
            #expect(AdmissionLine(path: path) == nil, "\(path)")
        }
    }
}
