import ArgumentParser
import Foundation
import GeoIncidents
import GeoIncidentsDemo

/// `geoq demo`: the main job on the embedded default — the demo province and its tips.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load the demo province (regions/demo) and demo tips, assign them, and print the commune × category report.",
        discussion: "Safe to run again: boundaries are replaced and tips already stored are skipped.",
        subcommands: [DemoRun.self, DemoGenerate.self, DemoTipsFile.self, DemoIncidents.self],
        defaultSubcommand: DemoRun.self
    )
}

/// `geoq demo run` (the default).
struct DemoRun: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Import the demo region and tips and print the report.")

    @OptionGroup var db: DatabaseOptions
    @Option(help: "Folder with province.geojson, communes.geojson and neighbourhoods.geojson.") var regions = "regions/demo"
    @Option(help: "Number of demo tips.") var tips = 3_000

    func validate() throws {
        guard tips > 0, tips <= 1_000_000 else { throw ValidationError("--tips must be between 1 and 1,000,000") }
    }

    func run() throws {
        try reportingErrors {
            let database = try db.open()
            let store = RegionStore(database: database)
            for (file, level) in [("province", AdminLevel.province), ("communes", .commune), ("neighbourhoods", .neighbourhood)] {
                let path = "\(regions)/\(file).geojson"
                guard FileManager.default.fileExists(atPath: path) else {
                    throw GeoIncidentsError(.notFound, "\(path) is missing: run geoq from the repository root, or write the demo region with `geoq demo generate --out \(regions)`")
                }
                let report = try store.importFile(path, options: RegionImportOptions(level: level))
                print("\(path): \(report.inserted + report.replaced) \(level.rawValue) unit(s)")
            }
            do {
                if let installed = try CodeLists(database: database).installIfMissing() {
                    print("code lists: \(installed.communes) communes, \(installed.legacyWards) legacy wards installed from \(installed.directory)")
                }
            } catch let error as GeoIncidentsError {
                Console.error("warning: \(error.message)")
            }
            let csvPath = NSTemporaryDirectory() + "geoq-demo-tips-\(ProcessInfo.processInfo.processIdentifier).csv"
            try DemoTips.csv(count: tips, region: DemoRegion.generate()).write(toFile: csvPath, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: csvPath) }
            var options = TipImportOptions()
            options.source = "demo"
            let index = try store.boundaryIndex()
            let started = Date()
            let report = try TipImporter(database: database, index: index, options: options).run(path: csvPath)
            TipsImport.printSummary(report, file: "demo tips", seconds: Date().timeIntervalSince(started))
            let camerasPath = NSTemporaryDirectory() + "geoq-demo-cameras-\(ProcessInfo.processInfo.processIdentifier).csv"
            try DemoCameras.csv(region: DemoRegion.generate()).write(toFile: camerasPath, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: camerasPath) }
            let cameras = try CameraStore(database: database).importFile(camerasPath)
            print("demo cameras: \(cameras.added + cameras.replaced) registered (\(cameras.assumedDirection) without a recorded direction)")
            print("")
            print("Tips per commune and category (\(database.path)):")
            let crosstab = try TipStore(database: database).crosstab(by: [.commune], columns: .group)
            print(try StatsTable.render(crosstab, format: .table))
            print("")
            print("Next (with --database \(database.path)): geoq hotspots --limit 10 · geoq hotspots emerging · geoq stats --by month --columns category · geoq clusters --border-only · geoq patrol-needs · geoq coverage · geoq cameras suggest --count 5; the HTTP service: MapServer --database \(database.path)")
        }
    }
}

/// `geoq demo generate`.
struct DemoGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write the deterministic demo region (province, communes, neighbourhoods) as GeoJSON."
    )

    @Option(help: "Output folder.") var out = "regions/demo"

    func run() throws {
        try reportingErrors {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try DemoRegion.write(to: out)
            print("wrote \(out)/province.geojson, communes.geojson, neighbourhoods.geojson")
        }
    }
}

/// `geoq demo tips`.
struct DemoTipsFile: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tips", abstract: "Write deterministic demo tips as CSV (for trying imports).")

    @Option(help: "Number of tips.") var count = 3_000
    @Option(help: "Output CSV file.") var out: String

    func validate() throws {
        guard count > 0, count <= 10_000_000 else { throw ValidationError("--count must be between 1 and 10,000,000") }
    }

    func run() throws {
        try reportingErrors {
            try DemoTips.csv(count: count, region: DemoRegion.generate()).write(toFile: out, atomically: true, encoding: .utf8)
            print("wrote \(count) demo tips to \(out)")
        }
    }
}

/// `geoq demo incidents`.
struct DemoIncidents: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "incidents",
                                                    abstract: "Write tips with ground truth for the incident rules: events with forwarded copies, corroborations and near misses (docs/incidents.md).")

    @Option(help: "Number of events.") var events = 1_500
    @Option(help: "Output CSV of tips (import with geoq tips import … --province-hint 99).") var out: String
    @Option(help: "Output CSV of the truth (id,event,message,role).") var truth: String
    @Option(help: "Random seed.") var seed: UInt64 = 20_251_204

    func validate() throws {
        guard events > 0, events <= 1_000_000 else { throw ValidationError("--events must be between 1 and 1,000,000") }
    }

    func run() throws {
        try reportingErrors {
            let (csv, truth) = IncidentScenario.generate(events: events, region: DemoRegion.generate(), seed: seed)
            try csv.write(toFile: out, atomically: true, encoding: .utf8)
            try IncidentScenario.truthCSV(truth).write(toFile: self.truth, atomically: true, encoding: .utf8)
            print("wrote \(truth.count) tips of \(Set(truth.map(\.event)).count) events to \(out), their truth to \(self.truth)")
        }
    }
}
