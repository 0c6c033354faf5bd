import Foundation
import Synchronization

/// Request counters and latency histograms, written in the Prometheus text format
/// (version 0.0.4) by `GET /metrics`.
final class Metrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    private struct Histogram {
        var counts = [Int](repeating: 0, count: Metrics.buckets.count)
        var sum = 0.0
        var count = 0
    }

    private struct RequestKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private struct State {
        var requests: [RequestKey: Int] = [:]
        var latency: [String: Histogram] = [:]
    }

    private let state = Mutex(State())

    /// Records one finished request. `route` is the matched route pattern, never the raw path.
    func record(method: String, route: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[RequestKey(method: method, route: route, status: status), default: 0] += 1
            var histogram = state.latency[route] ?? Histogram()
            for (i, bound) in Self.buckets.enumerated() where seconds <= bound { histogram.counts[i] += 1 }
            histogram.sum += seconds
            histogram.count += 1
            state.latency[route] = histogram
        }
    }

    /// The exposition text, with the stored tip count and data version as gauges.
    /// The metrics text; the tip count and data version only when given (token holders).
    func render(tipsStored: Int?, dataVersion: Int64?) -> String {
        let snapshot = state.withLock { $0 }
        var out = "# HELP geoincidents_http_requests_total HTTP requests by method, route and status.\n# TYPE geoincidents_http_requests_total counter\n"
        let requests = snapshot.requests.map { ("method=\"\($0.key.method)\",route=\"\($0.key.route)\",status=\"\($0.key.status)\"", $0.value) }
        for (labels, count) in requests.sorted(by: { $0.0 < $1.0 }) { out += "geoincidents_http_requests_total{\(labels)} \(count)\n" }
        out += "# HELP geoincidents_http_request_duration_seconds Request latency by route.\n# TYPE geoincidents_http_request_duration_seconds histogram\n"
        for (route, h) in snapshot.latency.sorted(by: { $0.key < $1.key }) {
            for (i, bound) in Self.buckets.enumerated() {
                out += "geoincidents_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"\(bound)\"} \(h.counts[i])\n"
            }
            out += "geoincidents_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"+Inf\"} \(h.count)\n"
            out += "geoincidents_http_request_duration_seconds_sum{route=\"\(route)\"} \(h.sum)\n"
            out += "geoincidents_http_request_duration_seconds_count{route=\"\(route)\"} \(h.count)\n"
        }
        if let tipsStored {
            out += "# HELP geoincidents_tips_stored Tips in the database.\n# TYPE geoincidents_tips_stored gauge\ngeoincidents_tips_stored \(tipsStored)\n"
        }
        if let dataVersion {
            out += "# HELP geoincidents_data_version Change counter of tips and boundaries.\n# TYPE geoincidents_data_version gauge\ngeoincidents_data_version \(dataVersion)\n"
        }
        return out
    }
}
