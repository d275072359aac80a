import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// `GET /api/v1/stats/funnel`: the count of people at each funnel stage.
struct StatisticsAPI {
    let platform: Platform

    func add(public router: some RouterMethods<AppRequestContext>) {
        let statistics = platform.statistics
        router.get("stats/funnel") { _, context in
            let counts = try await statistics.counts()
            var body: [String: Int] = [:]
            for stage in FunnelStage.allCases { body[stage.rawValue] = counts[stage] }
            return try JSONBody.response(body)
        }
    }
}
