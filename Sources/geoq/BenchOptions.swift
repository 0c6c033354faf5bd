import ArgumentParser
import Foundation
import GeoIncidents
import GeoIncidentsDemo

/// Where the peers' dataset is (made by ../shared/bench/gen_data.py).
struct BenchDataOptions: ParsableArguments {
    @Option(help: "Folder made by `python ../shared/bench/gen_data.py --out DIR`.") var data = "/tmp/peerdata"
    @Option(help: "Tip size: 10k, 100k or 1M.") var size = "1M"
    @Option(help: "Work database (re-created).") var database = "/tmp/geoq-bench.sqlite"
    @Flag(help: "Start from the regions-only copy a previous bench run left beside the work database (skips the untimed region import).")
    var reuseRegions = false

    /// The data set these options name.
    var benchData: BenchData { BenchData(folder: data, size: size) }

    var tipsPath: String { benchData.tipsPath }

    func checkFiles() throws {
        if let missing = benchData.missingFiles.first {
            throw ValidationError("\(missing) is missing: generate the data with `python ../shared/bench/gen_data.py --out \(data) --sizes \(size)` (see ../shared/bench/README.md)")
        }
    }

    /// A fresh database with the bench communes and neighbourhoods imported (not timed).
    func freshDatabase() throws -> GeoDatabase {
        let (database, seconds) = try benchData.makeDatabase(at: self.database, reuseRegions: reuseRegions)
        if let seconds { Console.error(String(format: "regions imported in %.1f s (untimed setup)", seconds)) }
        return database
    }
}
