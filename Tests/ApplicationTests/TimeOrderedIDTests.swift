import Application
import Foundation
import Testing

@Suite struct TimeOrderedIDTests {
    @Test func accountIDsAreVersion7UUIDsThatSortByTime() throws {
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        let ids = (0..<200).map { RandomTokens.timeOrderedID(now: start.addingTimeInterval(Double($0) / 100)) }
        #expect(ids == ids.sorted(), "ids made later sort later")
        #expect(Set(ids).count == ids.count)
        for id in ids {
            let uuid = try #require(UUID(uuidString: id))
            #expect(id == uuid.uuidString.lowercased())
            #expect(uuid.uuid.6 >> 4 == 7, "version 7")
            #expect(uuid.uuid.8 >> 6 == 0b10, "RFC 9562 variant")
        }
        // The first 48 bits are the time in milliseconds.
        let first = try #require(UUID(uuidString: ids[0])).uuid
        let millis = [first.0, first.1, first.2, first.3, first.4, first.5].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(millis == 1_780_000_000_000)
    }

    @Test func challengeTokensSortByTimeAndStayRandomWithinAMillisecond() {
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        let tokens = (0..<100).map { RandomTokens.timeOrderedToken(now: now.addingTimeInterval(Double($0) / 10)) }
        #expect(tokens == tokens.sorted())
        let same = (0..<100).map { _ in RandomTokens.timeOrderedToken(now: now) }
        #expect(Set(same).count == 100)
        #expect(tokens.allSatisfy { !$0.contains(".") }, "a challenge's parts are separated by dots")
    }
}
