import ArgumentParser
import Foundation
import GeoIncidents

/// `geoq regions check`.
struct RegionsCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Report overlaps and gaps between sibling units and children outside their parent.",
        discussion: "Areas are on the WGS84 ellipsoid. Exit code 3 when problems are found."
    )

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var output: FormatOptions
    @Option(help: "Only this level.") var level: AdminLevel?
    @Option(help: "Only units under this parent code.") var parent: String?
    @Option(help: "Ignore problems smaller than this many m².") var minArea = 1.0

    func run() throws {
        var found = 0
        try reportingErrors {
            let problems = try RegionCheck(database: try db.open()).run(level: level, parentCode: parent, minimumArea: minArea)
            found = problems.count
            var table = TableWriter(header: ["problem", "level", "units", "area_m2", "lon", "lat"], numericColumns: [3, 4, 5])
            for p in problems {
                table.add([p.kind.rawValue, p.level.rawValue, p.codes.joined(separator: " "), String(format: "%.1f", p.areaSquareMeters),
                           p.location.map { String(format: "%.6f", $0.x) } ?? "", p.location.map { String(format: "%.6f", $0.y) } ?? ""])
            }
            print(try table.render(output.format))
            var counts: [RegionProblem.Kind: Int] = [:]
            for p in problems { counts[p.kind, default: 0] += 1 }
            Console.error(RegionProblem.Kind.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", "))
        }
        if found > 0 { throw ExitCode(3) }
    }
}
