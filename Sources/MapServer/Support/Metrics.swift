import CoreMetrics
import Prometheus

/// Request counters and latency histograms, recorded through swift-metrics into this server's
/// own `PrometheusCollectorRegistry` and written in the Prometheus text format (version 0.0.4)
/// by `GET /metrics`.
///
/// No global `MetricsSystem` is bootstrapped: each server (and each test server in one test
/// process) passes its own ``factory`` to the metrics it creates.
final class Metrics: Sendable {
    /// Upper bounds of the latency buckets.
    static let buckets: [Duration] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5].map { Duration.seconds($0) }
    static let requestsName = "geoincidents_http_requests_total"
    static let latencyName = "geoincidents_http_request_duration_seconds"

    /// What `GET /metrics` shows everyone. It never holds the tip count or the data version.
    let registry: PrometheusCollectorRegistry
    /// swift-metrics' way into ``registry``: pass it as `factory:` to a `Counter`, `Timer` ….
    let factory: PrometheusMetricsFactory

    init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [Self.latencyName: Self.buckets]
        self.factory = factory
    }

    /// Records one finished request. `route` is the matched route pattern, never the raw path.
    func record(method: String, route: String, status: Int, seconds: Double) {
        CoreMetrics.Counter(label: Self.requestsName, dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory)
            .increment()
        CoreMetrics.Timer(label: Self.latencyName, dimensions: [("route", route)], factory: factory)
            .recordNanoseconds(Int64((seconds * 1e9).rounded()))
    }

    /// The metrics text; the tip count and data version only when given (token holders who
    /// read tips). Those two gauges live in a registry made for this one answer, so that they
    /// cannot reach anyone else's.
    func render(tipsStored: Int?, dataVersion: Int64?) -> String {
        var text = registry.emitToString()
        guard tipsStored != nil || dataVersion != nil else { return text }
        let tipReaders = PrometheusCollectorRegistry()
        if let tipsStored {
            tipReaders.makeGauge(descriptor: .init(namespace: "geoincidents", metricName: "tips", unitName: "stored", helpText: "Tips in the database.")).set(Int64(tipsStored))
        }
        if let dataVersion {
            tipReaders.makeGauge(descriptor: .init(namespace: "geoincidents", metricName: "data", unitName: "version", helpText: "Change counter of tips and boundaries.")).set(dataVersion)
        }
        text += tipReaders.emitToString()
        return text
    }
}
