import ArgumentParser
import Foundation
import GeoIncidents

/// `geoq bench import`: a durable import of the bench tips, assignment and index included.
struct BenchImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Time a durable `tips import` of the bench tips (read, assign, write, index) against PostGIS load + join."
    )

    @OptionGroup var bench: BenchDataOptions
    @Option(help: "Tips per transaction.") var batchSize = 50_000

    func run() throws {
        try reportingErrors {
            try bench.checkFiles()
            let database = try bench.freshDatabase()
            var options = TipImportOptions()
            options.batchSize = batchSize
            options.source = "bench"
            let start = Date()
            let regions = RegionStore(database: database)
            let report = try TipImporter(database: database, options: options, buildingIndex: {
                try regions.boundaryIndex(snapToleranceMeters: 0)
            }).run(path: bench.tipsPath)
            let seconds = Date().timeIntervalSince(start)
            let postgis = 3.817 + 10.551
            print("tips import \(bench.size): \(Console.grouped(report.inserted)) stored, \(report.rejected) rejected")
            print(String(format: "  total %.2f s = %.0f tips/s, synchronous=FULL, WAL", seconds, Double(report.inserted) / seconds))
            print(String(format: "  boundary index %.2f s (while the reader parses), writer busy %.2f s (CPU %.2f s), waiting for the reader %.2f s, sorted keys of tip_communes and tip_cells %.2f s",
                         report.secondsBuildingIndex, report.secondsWriting, report.cpuSecondsWriting, report.secondsWaiting,
                         report.secondsAppendingKeys))
            print(String(format: "  vs PostGIS load + join (%.1f s): %.1fx faster", postgis, postgis / seconds))
            let index = try regions.boundaryIndex(snapToleranceMeters: 0)
            let again = try TipImporter(database: database, index: index, options: options).run(path: bench.tipsPath)
            print("  re-import: \(Console.grouped(again.inserted)) stored, \(Console.grouped(again.duplicates)) already stored")
        }
    }
}
