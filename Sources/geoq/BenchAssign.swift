import ArgumentParser
import Foundation
import GeoIncidents
import GeoIncidentsDemo

/// `geoq bench assign`: W1 of ../shared/bench — every tip to commune and neighbourhood.
struct BenchAssign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Time assignment of the bench tips to commune and neighbourhood (W1) and check the peers' checksums."
    )

    @OptionGroup var bench: BenchDataOptions
    @Option(help: "Timed repetitions (median reported).") var runs = 3

    func run() throws {
        try reportingErrors {
            try bench.checkFiles()
            let database = try bench.freshDatabase()
            let points = try bench.benchData.tipCoordinates()
            let buildStart = Date()
            let index = try RegionStore(database: database).boundaryIndex(snapToleranceMeters: 0)
            let buildSeconds = Date().timeIntervalSince(buildStart)
            var times: [Double] = []
            var units: UnitAssignments?
            for _ in 0..<max(1, runs) {
                let start = Date()
                units = try index.units(of: points)
                times.append(Date().timeIntervalSince(start))
            }
            guard let units else { return }
            let communeSum = SHA256.idChecksum(points.indices.map { Int32(units.communeCode($0) ?? "-1") ?? -1 })
            let neighbourhoodSum = SHA256.idChecksum(points.indices.map { Int32(units.neighbourhoodCode($0) ?? "-1") ?? -1 })
            let assigned = units.assignedCount
            let distanceStart = Date()
            let full = try index.assign(points)
            let distanceSeconds = Date().timeIntervalSince(distanceStart)
            let near = full.filter { ($0.boundaryDistanceMeters ?? .infinity) <= 300 }.count
            let m = BenchTiming.median(times)
            let shapely = 2.446
            print("W1 assign \(bench.size): \(Console.grouped(points.count)) tips, \(ProcessInfo.processInfo.activeProcessorCount) threads")
            print(String(format: "  index build %.3f s (boundaries already in the database)", buildSeconds))
            print("  assign runs: " + times.map { String(format: "%.3f", $0) }.joined(separator: ", ") + String(format: " s; median %.3f s = %.0f tips/s", m, Double(points.count) / m))
            print(String(format: "  vs shapely STRtree (%.3f s): %.1fx faster; incl. index build: %.1fx", shapely, shapely / m, shapely / (m + buildSeconds)))
            print("  assigned \(Console.grouped(assigned)), unassigned \(Console.grouped(points.count - assigned))")
            print(String(format: "  with the distance to the commune boundary (stored on import): %.3f s; ", distanceSeconds) + "\(Console.grouped(near)) tips within 300 m of a boundary")
            print("  commune checksum \(communeSum), neighbourhood checksum \(neighbourhoodSum)")
        }
    }
}
