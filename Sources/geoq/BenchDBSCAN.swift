import ArgumentParser
import Foundation
import GeoIncidents
import GeoIncidentsDemo

/// `geoq bench dbscan`: W3 of ../shared/bench — DBSCAN (eps 100 m, min 8) in EPSG:32648,
/// then the selection of clusters near commune boundaries.
struct BenchDBSCAN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dbscan",
        abstract: "Time W3 on the bench tips: DBSCAN (projection included) and the border selection; check counts against the peers.",
        discussion: """
            DBSCAN must give the peers' cluster, noise and core counts. The selection (hull within 300 m of any
            commune boundary, or spanning two communes) is checked cluster by cluster against the peers'
            deterministic core-only reference (hulls and spans from core tips); the timed selection uses all
            members, as the peers' timed w3_select does.
            """
    )

    @OptionGroup var bench: BenchDataOptions
    @Option(help: "Timed repetitions (median reported).") var runs = 3

    func run() throws {
        try reportingErrors {
            try bench.checkFiles()
            let points = try bench.benchData.tipCoordinates()
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
            let m = BenchTiming.median(times)
            print("W3 DBSCAN \(bench.size): \(Console.grouped(points.count)) tips, eps 100 m, min 8, EPSG:32648 (projection included)")
            print("  runs: " + times.map { String(format: "%.3f", $0) }.joined(separator: ", ") + String(format: " s; median %.3f s; peak RSS %d MB", m, BenchTiming.peakRSSMegabytes()))
            print("  clusters \(result.clusterCount), noise \(Console.grouped(result.noiseCount)), core \(Console.grouped(result.coreCount))")
            let peers = try PeerResults(folder: try PeerResults.newestFolder())
            var failed = false
            if let reference = peers.line(tool: "sklearn_kd_tree", workload: "w3_dbscan", size: bench.size) {
                let same = reference.extra["clusters"] as? Int == result.clusterCount && reference.extra["noise"] as? Int == result.noiseCount
                    && reference.extra["core"] as? Int == result.coreCount
                print("  peers (scikit-learn, PostGIS): clusters \(reference.extra["clusters"] ?? "?"), noise \(reference.extra["noise"] ?? "?"), core \(reference.extra["core"] ?? "?") → \(same ? "identical" : "MISMATCH")")
                print(String(format: "  vs recorded scikit-learn kd-tree (%.3f s): %.1fx", reference.seconds, reference.seconds / m))
                failed = failed || !same
            }
            failed = try selection(result, points: points, peers: peers) || failed
            if failed { throw ExitCode(1) }
        }
    }

    /// Times the selection and checks the core-only variant cluster by cluster; true on a mismatch.
    private func selection(_ result: DBSCAN.Result, points: [Coordinate], peers: PeerResults) throws -> Bool {
        let database = try bench.freshDatabase()
        let regions = RegionStore(database: database)
        let communes = try regions.boundaryIndex(snapToleranceMeters: 0).units(of: points).communes
        let rings = try regions.allAreas(level: .commune).map { $0.area.polygons.flatMap(\.rings) }
        var times: [Double] = []
        var members: [ClusterSelection.Footprint] = []
        for _ in 0..<max(1, runs) {
            let start = Date()
            members = try ClusterSelection.select(dbscan: result, communes: communes, lines: rings, crs: "EPSG:32648", distance: 300, hullTips: .members)
            times.append(Date().timeIntervalSince(start))
        }
        let m = BenchTiming.median(times)
        func selected(_ f: ClusterSelection.Footprint) -> Bool { f.communeCount >= 2 || (f.nearest?.distance ?? .infinity) <= 300 }
        print("W3 selection \(bench.size) (commune rings projected, hulls, 300 m, spans; all members):")
        print("  runs: " + times.map { String(format: "%.3f", $0) }.joined(separator: ", ") + String(format: " s; median %.3f s", m))
        print("  selected \(members.filter(selected).count) of \(members.count)")
        if let shapely = peers.line(tool: "shapely", workload: "w3_select", size: bench.size) {
            print("  peers (scikit-learn labels): selected \(shapely.extra["selected"] ?? "?") (border points may differ)")
            print(String(format: "  vs recorded shapely (%.3f s): %.1fx", shapely.seconds, shapely.seconds / m))
        }
        // Core-only: deterministic, so every cluster must match.
        let core = try ClusterSelection.select(dbscan: result, communes: communes, lines: rings, crs: "EPSG:32648", distance: 300, hullTips: .core)
        var minCore = [Int](repeating: Int.max, count: result.clusterCount)
        for i in result.labels.indices where result.isCore[i] { minCore[Int(result.labels[i])] = min(minCore[Int(result.labels[i])], i + 1) }
        let ours = core.indices.map { c in
            let f = core[c]
            let near = (f.nearest?.distance ?? .infinity) <= 300
            return "\(minCore[c]),\(f.coreCount),\(f.communeCount),\(near ? 1 : 0),\(selected(f) ? 1 : 0)"
        }
        let referencePath = "\(peers.folder)/w3_clusters_coreonly_sklearn_\(bench.size).csv"
        guard let text = try? String(contentsOfFile: referencePath, encoding: .utf8) else {
            print("  core-only: selected \(core.filter(selected).count) (no reference file at \(referencePath))")
            return false
        }
        let reference = Set(text.split(separator: "\n").dropFirst().map(String.init))
        let same = reference == Set(ours)
        print("  core-only: selected \(core.filter(selected).count) of \(core.count); per cluster (key, core size, communes, near, selected) vs peers: \(same ? "identical" : "MISMATCH, \(Set(ours).subtracting(reference).count) rows differ")")
        return !same
    }
}
