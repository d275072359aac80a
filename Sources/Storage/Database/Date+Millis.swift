import Foundation

// Times are stored as integer milliseconds since 1970 on both engines, so one query text works
// for both and arithmetic happens in Swift.
extension Date {
    public var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    public init(millisecondsSince1970 millis: Int64) {
        self.init(timeIntervalSince1970: Double(millis) / 1000)
    }
}
