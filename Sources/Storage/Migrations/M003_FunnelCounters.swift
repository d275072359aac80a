import Domain
import SQLKit

extension Migration {
    static let m003FunnelCounters = Migration(version: 3, name: "funnel counters") { _ in
        var statements: [SQLQueryString] = [
            """
            CREATE TABLE funnel_counters (
                stage TEXT NOT NULL,
                shard INTEGER NOT NULL,
                value BIGINT NOT NULL,
                PRIMARY KEY (stage, shard)
            )
            """
        ]
        for stage in FunnelStage.allCases {
            for shard in 0..<FunnelCounterStore.shardCount {
                statements.append(
                    "INSERT INTO funnel_counters (stage, shard, value) VALUES (\(bind: stage.rawValue), \(bind: shard), 0)"
                )
            }
        }
        return statements
    }
}
