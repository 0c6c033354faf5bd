import ArgumentParser
import Foundation
import GeoIncidents

/// Where the peers' dataset is (made by ../shared/bench/gen_data.py).
struct BenchDataOptions: ParsableArguments {
    @Option(help: "Folder made by `python ../shared/bench/gen_data.py --out DIR`.") var data = "/tmp/peerdata"
    @Option(help: "Tip size: 10k, 100k or 1M.") var size = "1M"
    @Option(help: "Work database (re-created).") var database = "/tmp/geoq-bench.sqlite"
    @Flag(help: "Start from the regions-only copy a previous bench run left beside the work database (skips the untimed region import).")
    var reuseRegions = false

    var tipsPath: String { "\(data)/tips_\(size).csv" }

    func checkFiles() throws {
        for file in ["communes.geojson", "neighbourhoods.geojson", "tips_\(size).csv"] where !FileManager.default.fileExists(atPath: "\(data)/\(file)") {
            throw ValidationError("\(data)/\(file) is missing: generate the data with `python ../shared/bench/gen_data.py --out \(data) --sizes \(size)` (see ../shared/bench/README.md)")
        }
    }

    /// A fresh database with the bench communes and neighbourhoods imported (not timed).
    func freshDatabase() throws -> GeoDatabase {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        let snapshot = database + ".regions"
        if reuseRegions, FileManager.default.fileExists(atPath: snapshot) {
            try FileManager.default.copyItem(atPath: snapshot, toPath: database)
            return try GeoDatabase.open(path: database)
        }
        let db = try GeoDatabase.open(path: database)
        let regions = RegionStore(database: db)
        let started = Date()
        _ = try regions.importFile("\(data)/communes.geojson", options: RegionImportOptions(level: .commune, parentField: "province_id"))
        _ = try regions.importFile("\(data)/neighbourhoods.geojson", options: RegionImportOptions(level: .neighbourhood, parentField: "commune_id"))
        Console.error(String(format: "regions imported in %.1f s (untimed setup)", Date().timeIntervalSince(started)))
        try db.checkpoint()
        try? FileManager.default.removeItem(atPath: snapshot)
        try FileManager.default.copyItem(atPath: database, toPath: snapshot)
        return db
    }
}

/// Median of timings.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// The process's peak resident set size so far, in MB.
func peakRSSMegabytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss / 1024
}
