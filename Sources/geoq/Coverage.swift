import ArgumentParser
import Foundation
import GeoIncidents

extension Geoq {
    /// `geoq coverage`: what the cameras see.
    struct Coverage: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Camera coverage of the tips: overall, per commune (with the covered share of its area), per category and hour band.",
            discussion: """
                A tip is covered when it lies in the view of an active camera: a sector of the camera's range from
                heading - fov/2 to heading + fov/2 (the arc as 32 segments), or the 32-gon of its range when the
                direction is unknown. --format geojson writes the camera views. `geoq coverage gaps` lists the hot
                cells and border clusters the cameras miss.
                """,
            subcommands: [CoverageSummary.self, CoverageGapsCommand.self],
            defaultSubcommand: CoverageSummary.self
        )
    }
}

/// `geoq coverage [summary]`.
struct CoverageSummary: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "summary", abstract: "Coverage figures (the default).")

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var scope: ScopeOptions
    @OptionGroup var filters: TipFilterOptions
    @Option(help: "Projected CRS in metres (default: the UTM zone of the tips).") var crs: String?

    func run() throws {
        try reportingErrors {
            let database = try db.open()
            let filter = try scope.filter(filters, database: database)
            let service = CameraService(database: database)
            if output.format == .geojson {
                print(CameraFeatures.sectorCollection(try service.cameraSectors(crs: crs)), terminator: "")
                return
            }
            let report = try service.coverage(filter, crs: crs)
            if let note = LocationRadius.note(leftOut: report.leftOutCoarse, scaleMeters: CameraService.tipScaleMeters, scale: "camera scale") {
                Console.error("note: " + note)
            }
            let names = try UnitNames(regions: RegionStore(database: database))
            func pct(_ v: Double) -> String { String(format: "%.1f", v * 100) }
            if output.format == .json {
                print(GeoJSONWriter.json(report.json(names: names)))
                return
            }
            if output.format == .table {
                print("\(report.activeCameras) active cameras (\(report.offlineCameras) offline; \(report.assumedDirection) with an assumed direction), \(report.crs)")
                print("tips seen: \(Console.grouped(report.total.covered)) of \(Console.grouped(report.total.tips)) (\(pct(report.total.share)) %)")
                print("by category: " + zip(TipCategory.allCases, report.categories).filter { $0.1.tips > 0 }.map { "\($0.0.rawValue) \(pct($0.1.share)) %" }.joined(separator: ", "))
                print("by hour (Vietnam time): " + zip(CoverageReport.hourBandLabels, report.hourBands).map { "\($0.0) \(pct($0.1.share)) %" }.joined(separator: ", "))
                print("")
            }
            var table = TableWriter(header: ["commune", "name", "tips", "covered", "tips_%", "cameras", "area_km2", "covered_km2", "area_%"], numericColumns: [2, 3, 4, 5, 6, 7, 8])
            for c in report.communes {
                table.add([c.code, names.communes[c.code] ?? "", String(c.tips.tips), String(c.tips.covered), pct(c.tips.share), String(c.cameras),
                           String(format: "%.2f", c.areaSquareMeters / 1e6), String(format: "%.3f", c.coveredSquareMeters / 1e6), String(format: "%.2f", c.areaShare * 100)])
            }
            print(try table.render(output.format))
        }
    }
}

/// `geoq coverage gaps`.
struct CoverageGapsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract: "Hot cells (Gi*) and border clusters whose tips the cameras mostly miss, the most unseen tips first."
    )

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var scope: ScopeOptions
    @OptionGroup var filters: TipFilterOptions
    @Option(help: "Hotspot cell size in metres.") var cell: Double = 250
    @Option(help: "A hot cell or cluster is a gap when less than this share of its tips is seen.") var maxCovered: Double = 0.5
    @Option(help: "Rows to print (default: 20 for the table, all otherwise).") var limit: Int?

    func run() throws {
        try reportingErrors {
            let database = try db.open()
            let filter = try scope.filter(filters, database: database)
            var parameters = HotspotParameters()
            parameters.cellSize = cell
            let gaps = try CameraService(database: database).coverageGaps(filter, parameters: parameters, maxCoveredShare: maxCovered)
            let shown = gaps.prefix(limit ?? (output.format == .table ? 20 : gaps.count))
            Console.error("\(gaps.count) coverage gaps (\(gaps.filter { $0.kind == .hotspotCell }.count) hot cells, \(gaps.filter { $0.kind == .borderCluster }.count) border clusters)")
            if output.format == .geojson || output.format == .json {
                print(CoverageGapFeatures.featureCollection(Array(shown)), terminator: "")
                return
            }
            var table = TableWriter(header: ["rank", "kind", "id", "tips", "seen", "unseen", "z", "communes"], numericColumns: [0, 3, 4, 5, 6])
            for (rank, gap) in shown.enumerated() {
                table.add([String(rank + 1), gap.kind.rawValue, gap.id, String(gap.tips), String(gap.covered), String(gap.uncovered),
                           gap.z.map { String(format: "%.2f", $0) } ?? "", gap.communes.joined(separator: " ")])
            }
            print(try table.render(output.format))
        }
    }
}
