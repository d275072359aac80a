import Foundation

/// The server's own latency histogram for one route and status, read from `/metrics`
/// (Prometheus buckets) before and after a phase: what the server measured, without the load
/// generator's own queueing.
struct ServerLatency {
    /// Bucket upper bound (seconds) → requests at or under it.
    var buckets: [Double: Int] = [:]

    static func read(_ text: String, route: String, method: String, status: String) -> ServerLatency {
        var latency = ServerLatency()
        let prefix = "http_server_request_duration_bucket{"
        for line in text.split(separator: "\n") where line.hasPrefix(prefix) {
            guard line.contains("http_route=\"\(route)\""), line.contains("http_request_method=\"\(method)\""),
                line.contains("http_response_status_code=\"\(status)\""),
                let leRange = line.range(of: "le=\""),
                let close = line[leRange.upperBound...].firstIndex(of: "\""),
                let count = Int(line.split(separator: " ").last ?? "")
            else { continue }
            let bound = line[leRange.upperBound..<close]
            latency.buckets[bound == "+Inf" ? .infinity : Double(bound) ?? .infinity] = count
        }
        return latency
    }

    func subtracting(_ earlier: ServerLatency) -> ServerLatency {
        var result = self
        for (bound, count) in earlier.buckets { result.buckets[bound, default: 0] -= count }
        return result
    }

    var total: Int { buckets[.infinity] ?? 0 }

    /// The smallest bucket bound holding at least `share` of the requests.
    func bound(for share: Double) -> Double? {
        guard total > 0 else { return nil }
        let needed = Int((Double(total) * share).rounded(.up))
        return buckets.keys.sorted().first { (buckets[$0] ?? 0) >= needed }
    }

    func share(within seconds: Double) -> Double? {
        guard total > 0, let count = buckets[seconds] else { return nil }
        return Double(count) / Double(total)
    }

    /// `server_requests=… server_p50_le_ms=… server_p99_le_ms=… server_within_250ms=…%`.
    var report: String {
        func ms(_ value: Double?) -> String {
            guard let value else { return "-" }
            return value.isInfinite ? "inf" : String(format: "%.0f", value * 1000)
        }
        let within = share(within: 0.25).map { String(format: "%.2f%%", $0 * 100) } ?? "-"
        return
            "server_requests=\(total) server_p50_le_ms=\(ms(bound(for: 0.5))) server_p99_le_ms=\(ms(bound(for: 0.99))) server_within_250ms=\(within)"
    }
}
