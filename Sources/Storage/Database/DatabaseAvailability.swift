import PostgresNIO
import SQLiteKit

/// Whether an error means the database cannot be reached or cannot take work right now (an
/// outage, answered 503 with `Retry-After`), as opposed to a bug (answered 500).
public enum DatabaseAvailability {
    public static func isUnavailable(_ error: any Error) -> Bool {
        switch error {
        case is PostgresDatabaseClient.Unavailable:
            return true
        case let error as PSQLError:
            switch error.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed,
                .sslUnsupported, .failedToAddSSLHandler:
                return true
            case .server:
                // Class 08 is a connection exception; 57P0x shutdown and recovery; 53xxx out of resources.
                let state = error.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("08") || state.hasPrefix("57P") || state.hasPrefix("53")
            default:
                return false
            }
        case let error as SQLiteError:
            switch error.reason {
            case .busy, .busyTimeout, .busyInRecovery, .busyInSnapshot, .locked, .ioError, .full, .cantOpen:
                return true
            default:
                return false
            }
        default:
            return false
        }
    }
}
