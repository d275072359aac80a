#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's open-file limit (`RLIMIT_NOFILE`).
public enum OpenFileLimit {
    public struct Raised: Sendable, Equatable {
        public let before: Int
        public let now: Int
        public let hard: Int
    }

    /// Raises the soft limit to the hard limit, as far as the system allows, and reports both.
    public static func raiseToHardLimit() -> Raised {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return Raised(before: 0, now: 0, hard: 0) }
        let before = Int(clamping: limit.rlim_cur)
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(resource, &raised) != 0 {
                // Darwin refuses anything above OPEN_MAX even when the hard limit is "unlimited".
                raised.rlim_cur = min(limit.rlim_max, 10_240)
                _ = setrlimit(resource, &raised)
            }
        }
        return Raised(before: before, now: current, hard: Int(clamping: limit.rlim_max))
    }

    /// The soft limit in force now.
    public static var current: Int {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return 0 }
        return Int(clamping: limit.rlim_cur)
    }

    #if canImport(Glibc)
        private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
        private static let resource = RLIMIT_NOFILE
    #endif
}
