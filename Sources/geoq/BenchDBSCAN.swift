import ArgumentParser
import Foundation
import GeoIncidents

/// `geoq bench dbscan`: W3 of ../shared/bench — DBSCAN (eps 100 m, min 8) in EPSG:32648.
struct BenchDBSCAN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dbscan",
        abstract: "Time DBSCAN on the bench tips (W3, projection included) and check clusters, noise and core counts against the peers."
    )

    @OptionGroup var bench: BenchDataOptions
    @Option(help: "Timed repetitions (median reported).") var runs = 3

    func run() throws {
        try reportingErrors {
            let points = try BenchTips.read(bench.tipsPath)
            let projections = ProjectionCache()
            _ = try DBSCAN.run(lonLat: Array(points.prefix(20_000)), crs: "EPSG:32648", eps: 100, minPoints: 8, projections: projections)
            var times: [Double] = []
            var result: DBSCAN.Result?
            for _ in 0..<max(1, runs) {
                let start = Date()
                result = try DBSCAN.run(lonLat: points, crs: "EPSG:32648", eps: 100, minPoints: 8, projections: projections)
                times.append(Date().timeIntervalSince(start))
            }
            guard let result else { return }
            let m = median(times)
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            print("W3 DBSCAN \(bench.size): \(Console.grouped(points.count)) tips, eps 100 m, min 8, EPSG:32648 (projection included)")
            print("  runs: " + times.map { String(format: "%.3f", $0) }.joined(separator: ", ") + String(format: " s; median %.3f s; peak RSS %d MB", m, usage.ru_maxrss / 1024))
            print("  clusters \(result.clusterCount), noise \(Console.grouped(result.noiseCount)), core \(Console.grouped(result.coreCount))")
            let peers = try PeerResults(folder: try PeerResults.newestFolder())
            guard let reference = peers.line(tool: "sklearn_kd_tree", workload: "w3_dbscan", size: bench.size) else { return }
            let same = reference.extra["clusters"] as? Int == result.clusterCount && reference.extra["noise"] as? Int == result.noiseCount
                && reference.extra["core"] as? Int == result.coreCount
            print("  peers (scikit-learn, PostGIS): clusters \(reference.extra["clusters"] ?? "?"), noise \(reference.extra["noise"] ?? "?"), core \(reference.extra["core"] ?? "?") → \(same ? "identical" : "MISMATCH")")
            print(String(format: "  vs recorded scikit-learn kd-tree (%.3f s): %.1fx", reference.seconds, reference.seconds / m))
            if !same { throw ExitCode(1) }
        }
    }
}
