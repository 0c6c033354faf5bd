import ArgumentParser
import Foundation
import GeoIncidents
import GeoIncidentsDemo

/// `geoq bench coverage`: W4 of ../shared/bench — tips seen by at least one camera sector.
struct BenchCoverage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Time W4 on the bench tips and cameras: sector construction, index and the tips covered; check the count against the peers."
    )

    @OptionGroup var bench: BenchDataOptions
    @Option(help: "Timed repetitions (median reported).") var runs = 5

    func run() throws {
        try reportingErrors {
            try bench.checkFiles()
            let points = try bench.benchData.tipCoordinates()
            for suffix in ["", "-wal", "-shm", ".columns"] { try? FileManager.default.removeItem(atPath: bench.database + suffix) }
            let database = try GeoDatabase.open(path: bench.database)
            let imported = try CameraStore(database: database).importFile("\(bench.data)/cameras.csv")
            guard imported.rejected.isEmpty else { throw ValidationError("cameras.csv: \(imported.rejected.prefix(3).joined(separator: "; "))") }
            let cameras = try CameraStore(database: database).list(activeOnly: true)
            let projections = ProjectionCache()
            let crs = "EPSG:32648"
            let projected = try CameraCoverage.project(points, crs: crs, projections: projections)
            var sectorTimes: [Double] = [], fullTimes: [Double] = []
            var covered = 0
            for _ in 0..<max(1, runs) {
                let start = Date()
                covered = try CameraCoverage.covered(projected: projected, cameras: cameras, crs: crs, projections: projections).reduce(0) { $0 + ($1 ? 1 : 0) }
                sectorTimes.append(Date().timeIntervalSince(start))
                let withProjection = Date()
                let again = try CameraCoverage.project(points, crs: crs, projections: projections)
                _ = try CameraCoverage.covered(projected: again, cameras: cameras, crs: crs, projections: projections)
                fullTimes.append(Date().timeIntervalSince(withProjection))
            }
            let m = BenchTiming.median(sectorTimes), full = BenchTiming.median(fullTimes)
            print("W4 coverage \(bench.size): \(Console.grouped(points.count)) tips, \(cameras.count) cameras, sectors of 32 arc segments in \(crs)")
            print("  sectors + index + test (tips projected beforehand, as PostGIS's tips_utm): " + sectorTimes.map { String(format: "%.3f", $0) }.joined(separator: ", ")
                  + String(format: " s; median %.3f s", m))
            print(String(format: "  with the tips' projection included: median %.3f s; peak RSS %d MB", full, BenchTiming.peakRSSMegabytes()))
            print("  covered \(Console.grouped(covered)) (fraction \(String(format: "%.6f", Double(covered) / Double(points.count))))")
            let peers = try PeerResults(folder: try PeerResults.newestFolder())
            var failed = false
            if let postgis = peers.line(tool: "postgis", workload: "w4_coverage", size: bench.size) {
                let same = postgis.extra["covered"] as? Int == covered
                print("  peers (PostGIS, shapely, geopandas): covered \(postgis.extra["covered"] ?? "?") → \(same ? "identical" : "MISMATCH")")
                print(String(format: "  vs recorded PostGIS (%.3f s, projection excluded): %.1fx", postgis.seconds, postgis.seconds / m))
                failed = !same
            }
            if let shapely = peers.line(tool: "shapely", workload: "w4_coverage", size: bench.size) {
                print(String(format: "  vs recorded shapely (%.3f s, projection included): %.1fx", shapely.seconds, shapely.seconds / full))
            }
            if failed { throw ExitCode(1) }
        }
    }
}
